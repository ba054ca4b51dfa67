# Service-wide wildcards on all resources, attached to principals other
# than a function role: a user with an AccessKey, a group, a role OSS
# assumes, and a workflow (CloudFlow) role.
resource "alicloud_ram_user" "ci" {
  name = "ci-uploader"
}

resource "alicloud_ram_access_key" "ci" {
  user_name = alicloud_ram_user.ci.name
}

resource "alicloud_ram_policy" "oss_all" {
  policy_name = "oss-all"
  policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = ["oss:*"], Resource = ["*"] }] # want: RAM002 error
  })
}

resource "alicloud_ram_user_policy_attachment" "ci" {
  user_name   = alicloud_ram_user.ci.name
  policy_name = alicloud_ram_policy.oss_all.policy_name
  policy_type = "Custom"
}

resource "alicloud_ram_policy" "mq" {
  policy_name = "amqp-all"
  policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "amqp:*", Resource = "*" }] # want: RAM002 error
  })
}

resource "alicloud_ram_group_policy_attachment" "ops" {
  group_name  = "ops"
  policy_name = alicloud_ram_policy.mq.policy_name
  policy_type = "Custom"
}

resource "alicloud_ram_role" "oss_events" {
  name = "oss-notify"
  document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["oss.aliyuncs.com"] } }]
  })
}

resource "alicloud_ram_role_policy_attachment" "oss_events" {
  role_name   = alicloud_ram_role.oss_events.name
  policy_name = alicloud_ram_policy.oss_all.policy_name
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
  policy_name = "flow-all"
  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "Allow"
      Action   = ["fnf:*", "mns:*", "eventbridge:*"] # want: RAM002 warning
      Resource = ["*"]
    }]
  })
}

resource "alicloud_ram_role_policy_attachment" "flow" {
  role_name   = alicloud_ram_role.flow.name
  policy_name = alicloud_ram_policy.flow.policy_name
  policy_type = "Custom"
}
