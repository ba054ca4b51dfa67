variable "access_key" {
  type      = string
  sensitive = true
}

variable "secret_key" {
  type      = string
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
    ALIBABA_CLOUD_ACCESS_KEY_ID     = var.access_key # want: SEC006 info
    ALIBABA_CLOUD_ACCESS_KEY_SECRET = var.secret_key # want: SEC006 info
  }
}
