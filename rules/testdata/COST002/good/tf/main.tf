resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "nodejs20"
  handler       = "index.handler"
  timeout       = 30
  log_config {
    project  = "p"
    logstore = "s"
  }
  memory_size = 512
}

resource "alicloud_fcv3_provision_config" "app" {
  function_name = alicloud_fcv3_function.app.function_name
  target        = 1
  scheduled_actions {
    name                = "business-hours"
    schedule_expression = "cron(0 0 8 * * *)"
    target              = 5
  }
}
