# Users, groups and service roles with scoped grants, a Deny with a
# wildcard, and a wildcard narrowed to one bucket: no service-wide
# wildcard on all resources.
resource "alicloud_ram_user" "ci" {
  name = "ci-uploader"
}

resource "alicloud_ram_access_key" "ci" {
  user_name = alicloud_ram_user.ci.name
}

resource "alicloud_ram_policy" "upload" {
  policy_name = "ci-upload"
  policy_document = jsonencode({
    Version = "1"
    Statement = [
      { Effect = "Allow", Action = ["oss:PutObject", "oss:GetObject"], Resource = ["acs:oss:*:*:site-assets/*"] },
      { Effect = "Deny", Action = ["oss:*"], Resource = ["acs:oss:*:*:backups/*"] },
    ]
  })
}

resource "alicloud_ram_user_policy_attachment" "ci" {
  user_name   = alicloud_ram_user.ci.name
  policy_name = alicloud_ram_policy.upload.policy_name
  policy_type = "Custom"
}

resource "alicloud_ram_role" "flow" {
  name = "flow-role"
  document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["fnf.aliyuncs.com"] } }]
  })
}

resource "alicloud_ram_policy" "flow" {
  policy_name = "flow-invoke"
  policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = ["fc:InvokeFunction"], Resource = ["acs:fc:*:*:functions/order-*"] }]
  })
}

resource "alicloud_ram_role_policy_attachment" "flow" {
  role_name   = alicloud_ram_role.flow.name
  policy_name = alicloud_ram_policy.flow.policy_name
  policy_type = "Custom"
}
