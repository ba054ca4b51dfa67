resource "alicloud_ram_role" "fn" {
  role_name                   = "${local.prefix}-fn"
  description                 = "Execution role of the orders function"
  assume_role_policy_document = <<EOT
{
  "Version": "1",
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "Service": ["fc.aliyuncs.com"]
      }
    }
  ]
}
EOT
}

resource "alicloud_ram_policy" "logs" {
  policy_name = "${local.prefix}-logs"
  policy_document = jsonencode({
    Version = "1"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["log:PostLogStoreLogs", "log:GetLogStore"]
        Resource = ["acs:log:${var.region}:*:project/${local.prefix}/logstore/${local.log_store}"]
      },
      {
        Effect   = "Allow"
        Action   = "oss:PutObject"
        Resource = "acs:oss:*:*:${local.prefix}-exports/*"
        Condition = {
          IpAddress = {
            "acs:SourceIp" = ["10.10.0.0/16"]
          }
        }
      }
    ]
  })
}

resource "alicloud_ram_role_policy_attachment" "logs" {
  role_name   = alicloud_ram_role.fn.role_name
  policy_name = alicloud_ram_policy.logs.policy_name
  policy_type = "Custom"
}

resource "alicloud_ram_role_policy_attachment" "oss_read" {
  role_name   = alicloud_ram_role.fn.role_name
  policy_name = "AliyunOSSReadOnlyAccess"
  policy_type = "System"
}
