resource "alicloud_fcv3_function" "app" {
  function_name = "app" # want: REL005 info
  runtime       = "nodejs20"
  handler       = "index.handler"
  timeout       = 30
}
