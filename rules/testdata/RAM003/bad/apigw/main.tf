# The role API Gateway assumes to call the functions may invoke every
# function of the account.
resource "alicloud_ram_role" "apigw" {
  name = "apigw-invoke-fc"
  document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["apigateway.aliyuncs.com"] } }]
  })
}

resource "alicloud_ram_policy" "invoke" {
  policy_name = "apigw-invoke"
  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "Allow"
      Action   = ["fc:InvokeFunction"] # want: RAM003 warning
      Resource = ["*"]
    }]
  })
}

resource "alicloud_ram_role_policy_attachment" "invoke" {
  role_name   = alicloud_ram_role.apigw.name
  policy_name = alicloud_ram_policy.invoke.policy_name
  policy_type = "Custom"
}
