package match

import "sync"

// TextCache keeps the words of texts the ranker has read (cleaned,
// tokenised, stemmed, embedded), so that a text met again, as the
// candidate of another query or as a query after being a candidate, is
// not read again. A bulk import ranks thousands of claims against each
// other, and most candidates come back many times. What the cache holds
// is exactly what reading the text gives, so ranking with a cache gives
// the same matches, to the bit, as ranking without. Safe for concurrent
// use; when it holds max texts it starts again empty (a bound on memory,
// not a policy worth more).
type TextCache struct {
	mu  sync.RWMutex
	max int
	m   map[string]*text
}

// NewTextCache returns a cache of at most size texts (at least 1).
func NewTextCache(size int) *TextCache {
	return &TextCache{max: max(size, 1), m: map[string]*text{}}
}

// cleaned returns newText(Clean(s)), read once per cache. A nil cache
// reads the text every time.
func (c *TextCache) cleaned(s string) *text {
	if c == nil {
		return newText(Clean(s))
	}
	c.mu.RLock()
	t, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		return t
	}
	t = newText(Clean(s))
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[s] = t
	c.mu.Unlock()
	return t
}
