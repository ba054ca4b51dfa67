provider "alicloud" {
  region     = "cn-hangzhou"
  secret_key = "9Zq2Lw8Rt5Yv1Nx7Kp3Mb6Hc4Jd0Fs" # want: SEC004 error
}

variable "db_password" {
  type    = string
  default = "Orders#2024prod" # want: SEC004 error
}

resource "alicloud_db_account" "app" {
  db_instance_id   = "rm-bp1example"
  account_name     = "app"
  account_password = "S3cure-Pa55word" # want: SEC004 error
}

resource "alicloud_kvstore_instance" "cache" {
  db_instance_name = "cache"
  password         = "Redis2024!x" # want: SEC004 error
}

resource "alicloud_elasticsearch_instance" "search" {
  instance_charge_type = "PostPaid"
  es_admin_password    = "Es-Adm1n-pw" # want: SEC004 error
}

resource "alicloud_polardb_account" "app" {
  db_cluster_id    = "pc-example"
  account_name     = "app"
  account_password = var.db_password
}
