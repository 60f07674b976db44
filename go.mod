module brief

go 1.26.0

require (
	github.com/goccy/go-yaml v1.19.2
	github.com/pelletier/go-toml/v2 v2.4.3
	golang.org/x/text v0.43.0
)
