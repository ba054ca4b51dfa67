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

resource "alicloud_fcv3_trigger" "http" {
  function_name  = alicloud_fcv3_function.app.function_name
  trigger_name   = "http"
  trigger_type   = "http"
  trigger_config = jsonencode({
    authType = "anonymous"
    methods  = ["GET"]
  })
}

resource "alicloud_fcv3_concurrency_config" "app" {
  function_name        = alicloud_fcv3_function.app.function_name
  reserved_concurrency = 20
}
