resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "php7.2" # want: REL004 info
  handler       = "index.handler"
  timeout       = 30
  log_config {
    project  = "p"
    logstore = "s"
  }
}
