# The network-interface actions FC needs to put a function in a VPC take
# only Resource "*" (AliyunServiceRolePolicyForFC grants them so): clean.
resource "alicloud_ram_role" "fn" {
  role_name = "vpc-fn-role"
  assume_role_policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["fc.aliyuncs.com"] } }]
  })
}

resource "alicloud_ram_policy" "eni" {
  policy_name = "vpc-fn-eni"
  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect = "Allow"
      Action = [
        "vpc:DescribeVSwitchAttributes", "vpc:DescribeVpcAttribute",
        "ecs:CreateNetworkInterface", "ecs:DeleteNetworkInterface", "ecs:DescribeNetworkInterfaces",
        "ecs:CreateNetworkInterfacePermission", "ecs:DeleteNetworkInterfacePermission",
        "ecs:DescribeNetworkInterfacePermissions", "ecs:AttachNetworkInterface", "ecs:DetachNetworkInterface",
      ]
      Resource = "*"
    }]
  })
}

resource "alicloud_ram_role_policy_attachment" "eni" {
  role_name   = alicloud_ram_role.fn.name
  policy_name = alicloud_ram_policy.eni.policy_name
  policy_type = "Custom"
}
