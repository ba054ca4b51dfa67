// Package terraform loads Terraform configurations for the alicloud provider
// into a model.Project: a directory of .tf files (HCL, evaluated statically)
// or the JSON of `terraform show -json` (a plan or a state).
//
// # Static evaluation
//
// LoadDir reads every .tf file of a directory as one module and evaluates
// what can be known without running Terraform: literals, locals, variables
// (defaults, terraform.tfvars, *.auto.tfvars, -var-file and -var), string
// templates and heredocs, a useful set of functions (jsonencode, jsondecode,
// format, join, merge, lookup, cidrsubnet, ...), and count / for_each
// expansion (instances keyed addr[0], addr["k"]), dynamic blocks, and local
// child modules (source = "./..."; resources keyed module.NAME.addr, a
// variable passed by the caller keeps the caller's references and
// positions). Anything else becomes an unknown value that keeps its source
// text, never an error. Registry and remote modules are read from where
// `terraform init` installed them (.terraform/modules/modules.json); they
// are never downloaded (an info note says so when they are missing).
// Files in the JSON syntax (.tf.json, as CDK for Terraform writes them) are
// translated to native syntax and read the same way, with positions in the
// JSON.
//
// A reference to another resource (`alicloud_vswitch.a.id`) becomes an
// unknown value whose Ref is that address, so model.Project.Link can join
// functions to vSwitches, SNAT entries, NAT gateways and EIPs. When the
// referenced attribute is a literal argument of the referenced resource
// (`alicloud_ram_role.r.role_name`), its value is resolved and the Ref is
// kept.
//
// # Untrusted input
//
// A configuration may come from an attacker's pull request. Every path it
// names (the .tf files themselves, terraform.tfvars and *.auto.tfvars, local
// and installed module sources, and the arguments of file, templatefile,
// filebase64, fileset, filemd5, filesha*, fileexists) is read only when it
// is a regular file inside the project root (Options.Root: the directory the
// user named) after symlinks are resolved, never under /proc, /dev or /sys;
// otherwise the value is unknown with a diagnostic at the call. abspath and
// pathexpand("~") are unknown. Evaluation is budgeted (budget.go): string
// and collection sizes, for-expression iterations, total work, and nesting;
// past a budget the value is unknown with a warning naming it.
//
// # Positions
//
// Every value carries the file, line and column of the attribute (or list
// element, or object key) it came from. Policy and trigger documents written
// with jsonencode({...}) are positioned at each HCL element; documents in a
// heredoc at the line inside the heredoc; documents in a quoted string at
// the attribute. A document held in a local (an object or list) or built by
// a data "alicloud_ram_policy_document" block is positioned at the lines
// that write it. Plan positions point into the JSON file.
//
// # Mapped resources
//
// FC 2.0 (alicloud_fc_service, _function, _trigger,
// _function_async_invoke_config, _custom_domain), FC 3.0 (alicloud_fcv3_function,
// _trigger, _async_invoke_config, _provision_config, _concurrency_config,
// _custom_domain, _vpc_binding), RAM (alicloud_ram_role, _policy and the
// role/user/group policy attachments) and network (alicloud_vpc, _vswitch,
// _nat_gateway, _snat_entry, _eip_address, _eip, _eip_association,
// _route_entry, _security_group, _security_group_rule). Other blocks are
// ignored. FC 2.0 functions inherit role, VPC, internet access, log and NAS
// settings from their service, positioned at the service's attributes.
package terraform
