resource "alicloud_fcv3_function" "f" {
  function_name = "x"
  memory_size = 
}
