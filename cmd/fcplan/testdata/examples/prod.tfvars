# Variables for the tf-vpc-nat example module, as a user's prod.tfvars
# (the --help examples of lint and inspect pass it with --var-file).
region = "cn-hangzhou"
name   = "orders"
