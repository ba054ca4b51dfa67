resource "alicloud_fcv3_function" "orders" {
  function_name        = "${local.prefix}-api"
  description          = "Orders API"
  runtime              = "custom.debian10"
  handler              = "index.handler"
  memory_size          = 1024
  cpu                  = 1
  disk_size            = 512
  timeout              = 30
  instance_concurrency = 20
  internet_access      = false
  role                 = alicloud_ram_role.fn.arn

  code {
    oss_bucket_name = "${local.prefix}-code"
    oss_object_name = "orders.zip"
  }

  vpc_config {
    vpc_id            = alicloud_vpc.app.id
    vswitch_ids       = [alicloud_vswitch.a.id, alicloud_vswitch.b.id]
    security_group_id = alicloud_security_group.fn.id
  }

  environment_variables = {
    STAGE       = "prod"
    DB_HOST     = "orders-db.internal"
    DB_PASSWORD = var.db_password
  }

  log_config {
    project  = "${local.prefix}-project"
    logstore = local.log_store
  }

  instance_lifecycle_config {
    initializer {
      handler = "index.init"
      timeout = 10
    }
    pre_stop {
      handler = "index.stop"
      timeout = 5
    }
  }
}

resource "alicloud_fcv3_async_invoke_config" "orders" {
  function_name                  = alicloud_fcv3_function.orders.function_name
  max_async_retry_attempts       = 2
  max_async_event_age_in_seconds = 3600
  destination_config {
    on_failure {
      destination = "acs:mns:${var.region}:123456789:/queues/orders-dlq/messages"
    }
  }
}

resource "alicloud_fcv3_trigger" "uploads" {
  function_name   = alicloud_fcv3_function.orders.function_name
  trigger_name    = "uploads"
  trigger_type    = "oss"
  source_arn      = "acs:oss:${var.region}:123456789:${local.prefix}-uploads"
  invocation_role = "acs:ram::123456789:role/aliyunosseventnotificationrole"
  trigger_config = jsonencode({
    events = ["oss:ObjectCreated:PutObject", "oss:ObjectCreated:PostObject"]
    filter = {
      key = {
        prefix = "incoming/"
        suffix = ".csv"
      }
    }
  })
}

resource "alicloud_fcv3_trigger" "http" {
  function_name  = alicloud_fcv3_function.orders.function_name
  trigger_name   = "http"
  trigger_type   = "http"
  qualifier      = "LATEST"
  trigger_config = <<EOT
{
  "authType": "anonymous",
  "methods": ["GET", "POST"],
  "disableURLInternet": false
}
EOT
}

resource "alicloud_fcv3_concurrency_config" "orders" {
  function_name        = alicloud_fcv3_function.orders.function_name
  reserved_concurrency = 50
}
