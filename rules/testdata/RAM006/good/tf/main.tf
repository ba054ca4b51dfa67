resource "alicloud_ram_role" "fn" {
  role_name = "app-fn-role"
  assume_role_policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["fc.aliyuncs.com"] } }]
  })
}

resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "nodejs20"
  handler       = "index.handler"
  timeout       = 30
  log_config {
    project  = "p"
    logstore = "s"
  }
  role = alicloud_ram_role.fn.arn
}
