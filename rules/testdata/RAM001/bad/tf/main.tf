resource "alicloud_ram_role" "fn" {
  role_name = "app-fn-role"
  assume_role_policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["fc.aliyuncs.com"] } }]
  })
}

resource "alicloud_ram_policy" "admin" {
  policy_name     = "app-admin"
  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "Allow"
      Action   = ["*"] # want: RAM001 error
      Resource = ["*"]
    }]
  })
}

resource "alicloud_ram_role_policy_attachment" "admin" {
  role_name   = alicloud_ram_role.fn.role_name
  policy_name = alicloud_ram_policy.admin.policy_name
  policy_type = "Custom"
}

resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "nodejs20"
  handler       = "index.handler"
  role          = alicloud_ram_role.fn.arn
}
