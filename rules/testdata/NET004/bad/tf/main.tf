resource "alicloud_vpc" "app" {
  vpc_name   = "app"
  cidr_block = "10.0.0.0/16"
}

resource "alicloud_vswitch" "a" {
  vpc_id     = alicloud_vpc.app.id
  cidr_block = "10.0.1.0/24"
  zone_id    = "cn-hangzhou-h"
}

resource "alicloud_vswitch" "b" {
  vpc_id     = alicloud_vpc.app.id
  cidr_block = "10.0.2.0/24"
  zone_id    = "cn-hangzhou-i"
}

resource "alicloud_security_group" "app" {
  vpc_id = alicloud_vpc.app.id
}

resource "alicloud_security_group_rule" "deny_all_out" {
  type              = "egress"
  ip_protocol       = "all"
  port_range        = "-1/-1"
  cidr_ip           = "0.0.0.0/0"
  policy            = "drop" # want: NET004 warning
  priority          = 100
  security_group_id = alicloud_security_group.app.id
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
  internet_access = true
  vpc_config {
    vpc_id            = alicloud_vpc.app.id
    vswitch_ids       = [alicloud_vswitch.a.id, alicloud_vswitch.b.id]
    security_group_id = alicloud_security_group.app.id
  }
  environment_variables = {
    API_URL = "https://api.example.com/v1"
  }
}
