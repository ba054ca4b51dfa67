# The key created here is SEC005's; the region is not a key.
resource "alicloud_ram_user" "u" {
  name = "app"
}

resource "alicloud_ram_access_key" "k" {
  user_name = alicloud_ram_user.u.name
}

variable "region" {
  default = "cn-hangzhou"
}

resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "python3.10"
  handler       = "index.handler"
  log_config {
    project  = "p"
    logstore = "s"
  }
  environment_variables = {
    ACCESS_KEY_SECRET = alicloud_ram_access_key.k.secret
    REGION            = var.region
  }
}
