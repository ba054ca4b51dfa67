resource "alicloud_fcv3_function" "app" {
  function_name = "app"
  runtime       = "custom-container"
  handler       = "index.handler"
  timeout       = 30
  log_config {
    project  = "p"
    logstore = "s"
  }
  instance_concurrency = 10
}

resource "alicloud_fcv3_trigger" "http" {
  function_name  = alicloud_fcv3_function.app.function_name
  trigger_name   = "http"
  trigger_type   = "http"
  trigger_config = jsonencode({
    authType = "function"
    methods  = ["GET"]
  })
}

