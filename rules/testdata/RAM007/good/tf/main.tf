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
        Action   = ["fc:InvokeFunction"]
        Resource = ["acs:fc:*:*:functions/worker"]
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
