resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "nodejs20"
  handler       = "index.handler"
  timeout       = 30
  log_config {
    project  = "p"
    logstore = "s"
  }
}

resource "alicloud_fcv3_custom_domain" "api" {
  custom_domain_name = "api.example.com"
  protocol           = "HTTP,HTTPS"
  tls_config {
    min_version = "TLSv1.0" # want: SEC003 warning
  }
}
