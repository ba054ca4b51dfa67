# A function uses its role; no AccessKey is created.
resource "alicloud_ram_role" "fn" {
  name = "app-fn"
  document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["fc.aliyuncs.com"] } }]
  })
}

resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "python3.10"
  handler       = "index.handler"
  role          = alicloud_ram_role.fn.arn
  log_config {
    project  = "p"
    logstore = "s"
  }
}
