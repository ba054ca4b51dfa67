resource "alicloud_ram_role" "fn" {
  role_name = "app-fn-role"
  assume_role_policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["fc.aliyuncs.com"] } }]
  })
}

resource "alicloud_ram_role_policy_attachment" "app" {
  role_name   = alicloud_ram_role.fn.role_name
  policy_name = alicloud_ram_policy.app.policy_name
  policy_type = "Custom"
}

resource "alicloud_ram_policy" "app" {
  policy_name     = "app-fn"
  policy_document = jsonencode({
    Version = "1"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["oss:GetObject", "oss:PutObject"]
        Resource = ["acs:oss:*:*:photos/*"]
      }
    ]
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

resource "alicloud_fcv3_trigger" "upload" {
  function_name  = alicloud_fcv3_function.app.function_name
  trigger_name   = "upload"
  trigger_type   = "oss"
  source_arn     = "acs:oss:cn-hangzhou:123456789012:photos" # want: REL002 error
  invocation_role = "acs:ram::123456789012:role/aliyunosseventnotificationrole"
  trigger_config = jsonencode({
    events = ["oss:ObjectCreated:*"]
    filter = { key = { prefix = "", suffix = ".jpg" } }
  })
}

