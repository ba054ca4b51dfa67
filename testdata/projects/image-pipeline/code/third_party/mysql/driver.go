// Package mysql is an offline stand-in for github.com/go-sql-driver/mysql
// used by fcplan's image-pipeline example: it registers a "mysql" driver
// whose connections fail, so the example compiles and can be analyzed
// without downloading the real driver.
package mysql

import (
	"database/sql"
	"database/sql/driver"
	"errors"
)

type stubDriver struct{}

func (stubDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("mysql: offline stand-in driver; build with the real github.com/go-sql-driver/mysql")
}

func init() { sql.Register("mysql", stubDriver{}) }
