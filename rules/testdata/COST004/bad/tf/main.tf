resource "alicloud_fcv3_function" "app" {
  function_name = "app" # want: COST004 info
  runtime       = "nodejs20"
  handler       = "index.handler"
  log_config {
    project  = "p"
    logstore = "s"
  }
}

resource "alicloud_fcv3_trigger" "upload" {
  function_name  = alicloud_fcv3_function.app.function_name
  trigger_name   = "upload"
  trigger_type   = "oss"
  source_arn     = "acs:oss:cn-hangzhou:123456789012:photos"
  invocation_role = "acs:ram::123456789012:role/aliyunosseventnotificationrole"
  trigger_config = jsonencode({
    events = ["oss:ObjectCreated:*"]
    filter = { key = { prefix = "uploads/", suffix = ".jpg" } }
  })
}

