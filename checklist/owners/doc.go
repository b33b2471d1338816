// Package owners resolves who owns a service from its repository: the last CODEOWNERS rule
// that matches the service's path, else the owner named in its Backstage catalog-info.yaml.
// It only ever returns plain GitHub handles (@login or @org/team), so that a hostile file
// cannot smuggle markdown or links into the comments that mention them.
package owners
