# An FC 3.0 function in a VPC with internet access turned off: all egress
# goes through the VPC, so each vSwitch needs SNAT -> NAT gateway -> EIP.

provider "alicloud" {
  region = var.region
}

variable "region" {
  type    = string
  default = "cn-hangzhou"
}

variable "name" {
  type    = string
  default = "orders"
}

variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  prefix    = "${var.name}-prod"
  vpc_cidr  = "10.10.0.0/16"
  zones     = ["cn-hangzhou-h", "cn-hangzhou-i"]
  log_store = format("%s-logs", local.prefix)
}
