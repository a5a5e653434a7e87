package review

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters (OWASP's first recommendation: 19 MiB, 2 passes,
// 1 lane). Stored hashes carry their own parameters, so raising these later
// keeps old passwords working.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Password limits: at least MinPasswordRunes characters (counted as runes,
// so "пароль12" is 8) and at most MaxPasswordBytes bytes, which bounds the
// work a login costs.
const (
	MinPasswordRunes = 8
	MaxPasswordBytes = 256
)

var b64 = base64.RawStdEncoding

// hashPassword returns the PHC string of password with a fresh salt:
// $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
func hashPassword(password string) (string, error) {
	salt, err := randomBytes(argonSaltLen)
	if err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// verifyPassword reports whether password matches the PHC string encoded,
// comparing in constant time. A malformed hash never matches.
func verifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 64 {
		return false
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the user is unknown, so a login for a
// name that does not exist takes as long as one that does.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword("claimdesk dummy password")
	if err != nil {
		panic(err) // crypto/rand failing is fatal
	}
	return h
})

// validatePassword checks a new password's length.
func validatePassword(field, password string) error {
	if !utf8.ValidString(password) {
		return Invalid(field, "the password is not valid UTF-8 text")
	}
	if len(password) > MaxPasswordBytes {
		return Invalid(field, fmt.Sprintf("the password is too long (at most %d bytes)", MaxPasswordBytes))
	}
	if utf8.RuneCountInString(password) < MinPasswordRunes {
		return Invalid(field, fmt.Sprintf("the password needs at least %d characters", MinPasswordRunes))
	}
	return nil
}
