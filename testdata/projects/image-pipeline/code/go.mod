module example.com/image-pipeline

go 1.22

require github.com/go-sql-driver/mysql v1.8.1

// Offline stand-in so that the example builds and vets without the network;
// a real deployment drops this line and uses the published driver.
replace github.com/go-sql-driver/mysql => ./third_party/mysql
