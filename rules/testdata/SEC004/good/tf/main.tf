variable "db_password" {
  type      = string
  sensitive = true
}

variable "admin_password" {
  type    = string
  default = "your-database-password"
}

variable "password_length" {
  default = "16"
}

resource "random_password" "db" {
  length = 20
}

resource "alicloud_db_account" "app" {
  db_instance_id   = "rm-bp1example"
  account_name     = "app"
  account_password = var.db_password
}

resource "alicloud_db_account" "ops" {
  db_instance_id         = "rm-bp1example"
  account_name           = "ops"
  kms_encrypted_password = "KMSCiphertextBlobBase64Example=="
  kms_encryption_context = { purpose = "ops" }
}

resource "alicloud_kvstore_instance" "cache" {
  db_instance_name = "cache"
  password         = random_password.db.result
}

resource "alicloud_ram_user" "u" {
  name = "app"
}

resource "alicloud_ram_login_profile" "u" {
  user_name               = alicloud_ram_user.u.name
  password                = "${var.admin_password}"
  password_reset_required = true
}

# SLS index delimiters are a `token` attribute, not a credential.
resource "alicloud_log_store_index" "fn" {
  project  = "p"
  logstore = "s"
  full_text {
    case_sensitive = false
    token          = ", '\";=()[]{}?@&<>/:\n\t\r"
  }
  field_search {
    name  = "enabled"
    type  = "text"
    token = "true,false"
  }
}
