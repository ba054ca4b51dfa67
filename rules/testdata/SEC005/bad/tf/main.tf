resource "alicloud_ram_user" "app" {
  name = "app-runtime"
}

resource "alicloud_ram_access_key" "app" { # want: SEC005 warning
  user_name = alicloud_ram_user.app.name
}

output "access_key_secret" {
  value = alicloud_ram_access_key.app.secret # want: SEC005 error
}

output "access_key_secret_sensitive" {
  value     = alicloud_ram_access_key.app.secret # want: SEC005 warning
  sensitive = true
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
    ACCESS_KEY_ID     = alicloud_ram_access_key.app.id
    ACCESS_KEY_SECRET = alicloud_ram_access_key.app.secret # want: SEC005 error
  }
}
