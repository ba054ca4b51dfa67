// Package gin is a stub of gin-gonic/gin.
package gin

import "net/http"

type Context struct {
	Request *http.Request
}

func (c *Context) JSON(code int, obj any) {}

type HandlerFunc func(*Context)

type IRoutes interface{}

type RouterGroup struct{}

func (g *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) IRoutes  { return nil }
func (g *RouterGroup) POST(relativePath string, handlers ...HandlerFunc) IRoutes { return nil }

type Engine struct {
	RouterGroup
}

func Default() *Engine                     { return &Engine{} }
func (e *Engine) Run(addr ...string) error { return nil }
