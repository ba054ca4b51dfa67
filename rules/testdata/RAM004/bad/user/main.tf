# Administrator and full-access system policies on a user with an
# AccessKey and on a group.
resource "alicloud_ram_user" "deployer" {
  name = "deployer"
}

resource "alicloud_ram_access_key" "deployer" {
  user_name = alicloud_ram_user.deployer.name
}

resource "alicloud_ram_user_policy_attachment" "admin" {
  user_name   = alicloud_ram_user.deployer.name
  policy_name = "AdministratorAccess" # want: RAM004 error
  policy_type = "System"
}

resource "alicloud_ram_group_policy_attachment" "oss" {
  group_name  = "data-team"
  policy_name = "AliyunOSSFullAccess" # want: RAM004 warning
  policy_type = "System"
}
