resource "alicloud_vpc" "app" {
  vpc_name   = local.prefix
  cidr_block = local.vpc_cidr
}

resource "alicloud_vswitch" "a" {
  vpc_id       = alicloud_vpc.app.id
  cidr_block   = cidrsubnet(local.vpc_cidr, 8, 1)
  zone_id      = local.zones[0]
  vswitch_name = "${local.prefix}-a"
}

resource "alicloud_vswitch" "b" {
  vpc_id       = alicloud_vpc.app.id
  cidr_block   = cidrsubnet(local.vpc_cidr, 8, 2)
  zone_id      = local.zones[1]
  vswitch_name = "${local.prefix}-b"
}

resource "alicloud_security_group" "fn" {
  security_group_name = "${local.prefix}-fn"
  vpc_id              = alicloud_vpc.app.id
}

resource "alicloud_security_group_rule" "egress_https" {
  type              = "egress"
  ip_protocol       = "tcp"
  port_range        = "443/443"
  cidr_ip           = "0.0.0.0/0"
  policy            = "accept"
  priority          = 1
  security_group_id = alicloud_security_group.fn.id
}

resource "alicloud_nat_gateway" "egress" {
  vpc_id           = alicloud_vpc.app.id
  vswitch_id       = alicloud_vswitch.a.id
  nat_gateway_name = "${local.prefix}-nat"
  nat_type         = "Enhanced"
  network_type     = "internet"
  payment_type     = "PayAsYouGo"
}

resource "alicloud_eip_address" "egress" {
  address_name         = "${local.prefix}-eip"
  bandwidth            = "10"
  internet_charge_type = "PayByTraffic"
}

resource "alicloud_eip_association" "egress" {
  allocation_id = alicloud_eip_address.egress.id
  instance_id   = alicloud_nat_gateway.egress.id
  instance_type = "Nat"
}

# vSwitch a is covered by its own entry.
resource "alicloud_snat_entry" "a" {
  snat_table_id     = alicloud_nat_gateway.egress.snat_table_ids
  source_vswitch_id = alicloud_vswitch.a.id
  snat_ip           = alicloud_eip_address.egress.ip_address
}

# vSwitch b is covered by a CIDR entry that spans the whole VPC.
resource "alicloud_snat_entry" "vpc_wide" {
  snat_table_id = alicloud_nat_gateway.egress.snat_table_ids
  source_cidr   = alicloud_vpc.app.cidr_block
  snat_ip       = alicloud_eip_address.egress.ip_address
}
