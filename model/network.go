package model

// Network holds the VPC resources a project declares.
type Network struct {
	VPCs               []*VPC               `json:"vpcs"`
	VSwitches          []*VSwitch           `json:"vswitches"`
	NATGateways        []*NATGateway        `json:"natGateways"`
	SNATEntries        []*SNATEntry         `json:"snatEntries"`
	EIPs               []*EIP               `json:"eips"`
	EIPAssociations    []*EIPAssociation    `json:"eipAssociations"`
	RouteEntries       []*RouteEntry        `json:"routeEntries"`
	SecurityGroups     []*SecurityGroup     `json:"securityGroups"`
	SecurityGroupRules []*SecurityGroupRule `json:"securityGroupRules"`
	// VPCBindings (alicloud_fcv3_vpc_binding, fc3 vpcBinding) only restrict
	// which VPCs may invoke a function; they say nothing about egress.
	VPCBindings []*VPCBinding `json:"vpcBindings"`
}

// VPC is a virtual private cloud.
type VPC struct {
	Key    string `json:"key"` // Terraform address
	ID     Str    `json:"id"`
	Name   Str    `json:"name"`
	CIDR   Str    `json:"cidr"`
	Source Pos    `json:"source"`
}

// VSwitch is a subnet in one zone.
type VSwitch struct {
	Key    string `json:"key"`
	ID     Str    `json:"id"`
	Name   Str    `json:"name"`
	VPCID  Str    `json:"vpcId"`
	Zone   Str    `json:"zone"`
	CIDR   Str    `json:"cidr"`
	Source Pos    `json:"source"`
}

// NATGateway is a NAT gateway; SNAT entries live in its SNAT table(s).
type NATGateway struct {
	Key          string `json:"key"`
	ID           Str    `json:"id"`
	Name         Str    `json:"name"`
	VPCID        Str    `json:"vpcId"`
	VSwitchID    Str    `json:"vswitchId"`
	Type         Str    `json:"type"`        // Enhanced / Normal
	NetworkType  Str    `json:"networkType"` // internet / intranet
	SNATTableIDs []Str  `json:"snatTableIds"`
	Source       Pos    `json:"source"`
}

// SNATEntry translates traffic from a vSwitch or CIDR to SNAT IP(s).
type SNATEntry struct {
	Key             string `json:"key"`
	SNATTableID     Str    `json:"snatTableId"`
	SourceVSwitchID Str    `json:"sourceVswitchId"`
	SourceCIDR      Str    `json:"sourceCidr"`
	SNATIP          Str    `json:"snatIp"`
	Source          Pos    `json:"source"`
}

// EIP is an elastic IP address.
type EIP struct {
	Key       string `json:"key"`
	ID        Str    `json:"id"`
	Name      Str    `json:"name"`
	IPAddress Str    `json:"ipAddress"`
	Source    Pos    `json:"source"`
}

// EIPAssociation binds an EIP to an instance such as a NAT gateway.
type EIPAssociation struct {
	Key          string `json:"key"`
	AllocationID Str    `json:"allocationId"`
	InstanceID   Str    `json:"instanceId"`
	InstanceType Str    `json:"instanceType"`
	Source       Pos    `json:"source"`
}

// RouteEntry is one route in a route table.
type RouteEntry struct {
	Key             string `json:"key"`
	RouteTableID    Str    `json:"routeTableId"`
	DestinationCIDR Str    `json:"destinationCidr"`
	NextHopType     Str    `json:"nextHopType"`
	NextHopID       Str    `json:"nextHopId"`
	Source          Pos    `json:"source"`
}

// SecurityGroup is a security group.
type SecurityGroup struct {
	Key    string `json:"key"`
	ID     Str    `json:"id"`
	Name   Str    `json:"name"`
	VPCID  Str    `json:"vpcId"`
	Source Pos    `json:"source"`
}

// SecurityGroupRule is one ingress or egress rule.
type SecurityGroupRule struct {
	Key             string `json:"key"`
	SecurityGroupID Str    `json:"securityGroupId"`
	Type            Str    `json:"type"`       // ingress / egress
	IPProtocol      Str    `json:"ipProtocol"` // tcp, udp, icmp, gre, all
	PortRange       Str    `json:"portRange"`  // "443/443", "-1/-1"
	CIDR            Str    `json:"cidr"`
	Policy          Str    `json:"policy"` // accept / drop
	Priority        Int    `json:"priority"`
	Source          Pos    `json:"source"`
}

// VPCBinding restricts invocation of a function to a VPC.
type VPCBinding struct {
	Key          string `json:"key"`
	FunctionName Str    `json:"functionName"`
	VPCID        Str    `json:"vpcId"`
	Source       Pos    `json:"source"`
}
