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

resource "alicloud_nat_gateway" "nat" {
  vpc_id     = alicloud_vpc.app.id
  vswitch_id = alicloud_vswitch.a.id
  nat_type   = "Enhanced"
}

resource "alicloud_eip_address" "out" {
  address_name = "fn-egress"
}

resource "alicloud_eip_association" "out" {
  allocation_id = alicloud_eip_address.out.id
  instance_id   = alicloud_nat_gateway.nat.id
}

resource "alicloud_snat_entry" "vpc" {
  snat_table_id = alicloud_nat_gateway.nat.snat_table_ids
  source_cidr   = alicloud_vpc.app.cidr_block
  snat_ip       = alicloud_eip_address.out.ip_address
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
  internet_access = false
  vpc_config {
    vpc_id            = alicloud_vpc.app.id
    vswitch_ids       = [alicloud_vswitch.a.id, alicloud_vswitch.b.id]
    security_group_id = alicloud_security_group.app.id
  }
  environment_variables = {
    API_URL = "https://api.example.com/v1"
  }
}

resource "alicloud_fcv3_vpc_binding" "only_from_app_vpc" {
  function_name = alicloud_fcv3_function.app.function_name
  vpc_id        = alicloud_vpc.app.id
}
