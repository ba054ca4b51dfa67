resource "alicloud_ram_role" "fn" {
  role_name = "app-fn-role"
  assume_role_policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["fc.aliyuncs.com"] } }]
  })
}

resource "alicloud_ram_role_policy_attachment" "admin" {
  role_name   = alicloud_ram_role.fn.role_name
  policy_name = "AdministratorAccess" # want: RAM004 error
  policy_type = "System"
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
