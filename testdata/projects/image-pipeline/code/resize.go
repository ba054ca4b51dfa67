package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"strings"
)

// sizes are the bounding boxes of the renditions, in pixels.
var sizes = []struct {
	Name string
	Max  int
}{{"thumb", 160}, {"medium", 640}, {"large", 1600}}

// rendition is one written output.
type rendition struct {
	Key           string
	Width, Height int
	Format        string
	Bytes         int
}

// renderAll decodes src and writes every size in JPEG and PNG below outDir.
func renderAll(src, outDir, key string) ([]rendition, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	base := strings.TrimSuffix(key, path.Ext(key))
	var out []rendition
	for _, s := range sizes {
		small := fit(img, s.Max)
		for _, format := range []string{"jpeg", "png"} {
			var buf bytes.Buffer
			if format == "jpeg" {
				err = jpeg.Encode(&buf, small, &jpeg.Options{Quality: 82})
			} else {
				err = png.Encode(&buf, small)
			}
			if err != nil {
				return out, fmt.Errorf("encode %s %s: %w", s.Name, format, err)
			}
			name := fmt.Sprintf("%s/%s.%s", s.Name, base, format)
			dst := path.Join(outDir, name)
			if err := os.MkdirAll(path.Dir(dst), 0o755); err != nil {
				return out, err
			}
			if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
				return out, err
			}
			b := small.Bounds()
			out = append(out, rendition{Key: name, Width: b.Dx(), Height: b.Dy(), Format: format, Bytes: buf.Len()})
		}
	}
	return out, nil
}

// fit scales img down (box filter) so that its longer side is at most max.
func fit(img image.Image, max int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= max && h <= max {
		return img
	}
	nw, nh := max, h*max/w
	if h > w {
		nw, nh = w*max/h, max
	}
	if nw < 1 {
		nw = 1
	}
	if nh < 1 {
		nh = 1
	}
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := 0; y < nh; y++ {
		y0, y1 := b.Min.Y+y*h/nh, b.Min.Y+(y+1)*h/nh
		for x := 0; x < nw; x++ {
			x0, x1 := b.Min.X+x*w/nw, b.Min.X+(x+1)*w/nw
			var r, g, bl, a, n uint32
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					cr, cg, cb, ca := img.At(sx, sy).RGBA()
					r, g, bl, a, n = r+cr, g+cg, bl+cb, a+ca, n+1
				}
			}
			dst.Set(x, y, color.RGBA64{uint16(r / n), uint16(g / n), uint16(bl / n), uint16(a / n)})
		}
	}
	return dst
}
