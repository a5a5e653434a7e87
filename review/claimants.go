package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"claimdesk/claims"
)

// The kinds of claimant, as schema.org names their types.
const (
	KindPerson       = claims.ClaimantPerson       // Person
	KindOrganization = claims.ClaimantOrganization // Organization
)

// Limits of a claimant's details, in characters.
const (
	maxClaimantNameRunes = 200
	maxClaimantAliases   = 20
)

// Claimant is a person or organisation who makes claims: the registry the
// desk keeps, so a claim's author is a linked entity rather than the words
// the text happened to use (the claim's Speaker keeps those).
type Claimant struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Role    string   `json:"role"` // "Russian Foreign Minister"
	Kind    string   `json:"kind"` // person or organization
	SameAs  string   `json:"same_as"`
	// Claims is how many claims (not candidates) the claimant made.
	Claims int `json:"claims"`
}

const claimantSelect = `SELECT k.id, k.name, k.aliases, k.role, k.kind, k.same_as,
	(SELECT count(*) FROM claims c WHERE c.claimant_id = k.id AND c.candidate = 0) FROM claimants k`

func scanClaimant(row interface{ Scan(...any) error }) (*Claimant, error) {
	var k Claimant
	var aliases string
	if err := row.Scan(&k.ID, &k.Name, &aliases, &k.Role, &k.Kind, &k.SameAs, &k.Claims); err != nil {
		return nil, err
	}
	k.Aliases = []string{}
	if aliases != "" {
		if err := json.Unmarshal([]byte(aliases), &k.Aliases); err != nil {
			return nil, fmt.Errorf("claimant %d aliases: %w", k.ID, err)
		}
	}
	return &k, nil
}

// Claimants lists the registry by name.
func (s *Store) Claimants(ctx context.Context) ([]Claimant, error) {
	rows, err := s.db.Read.QueryContext(ctx, claimantSelect+" ORDER BY k.name COLLATE NOCASE, k.id")
	if err != nil {
		return nil, fmt.Errorf("claimants: %w", err)
	}
	defer rows.Close()
	out := []Claimant{}
	for rows.Next() {
		k, err := scanClaimant(rows)
		if err != nil {
			return nil, fmt.Errorf("claimants: %w", err)
		}
		out = append(out, *k)
	}
	return out, rows.Err()
}

// Claimant returns one claimant.
func (s *Store) Claimant(ctx context.Context, id int64) (*Claimant, error) {
	k, err := getClaimant(ctx, s.db.Read, id)
	if err != nil {
		return nil, fmt.Errorf("claimant %d: %w", id, err)
	}
	return k, nil
}

func getClaimant(ctx context.Context, q querier, id int64) (*Claimant, error) {
	k, err := scanClaimant(q.QueryRowContext(ctx, claimantSelect+" WHERE k.id = ?", id))
	if err != nil {
		return nil, notFound(err, "claimant %d", id)
	}
	return k, nil
}

// claimantName is the registry's form of a name: one line, and an
// organisation without the article the text put before it ("the Office
// for National Statistics" is the Office for National Statistics).
func claimantName(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	if rest, ok := strings.CutPrefix(name, "the "); ok {
		return rest
	}
	if rest, ok := strings.CutPrefix(name, "The "); ok && len(rest) > 0 {
		return rest
	}
	return name
}

// findClaimant finds a claimant by name or alias, ignoring case; 0 when
// there is none.
func findClaimant(ctx context.Context, q querier, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM claimants WHERE name = ? COLLATE NOCASE
		OR EXISTS (SELECT 1 FROM json_each(claimants.aliases) WHERE value = ? COLLATE NOCASE) ORDER BY id LIMIT 1`, name, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// findBySurname finds the one person whose name ends in surname, when the
// speaker is a surname alone ("Lavrov" is Sergey Lavrov, whichever article
// named him in full); 0 when the speaker is more than one word, or no
// person or more than one has that surname (two Johnsons stay apart until
// a reviewer says which).
func findBySurname(ctx context.Context, q querier, surname string) (int64, error) {
	if surname == "" || strings.ContainsAny(surname, " \t") {
		return 0, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id FROM claimants WHERE kind = 'person'
		AND length(name) > length(?1) + 1 AND substr(name, -length(?1) - 1) COLLATE NOCASE = ' ' || ?1 ORDER BY id LIMIT 2`, surname)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, nil
	}
	return ids[0], nil
}

// claimantForSpeaker returns the claimant a claim's speaker names, making
// one when the engine recognises the speaker as a person or an
// organisation (claims.ClaimantKind) and nobody has that name yet; 0 for a
// speaker that names nobody (the minister, officials). role is the title
// the text gave the speaker; it fills an empty role.
func (s *Store) claimantForSpeaker(ctx context.Context, tx *sql.Tx, speaker, role string) (int64, error) {
	kind, ok := claims.ClaimantKind(speaker)
	if !ok {
		return 0, nil
	}
	name := claimantName(speaker)
	id, err := findClaimant(ctx, tx, name)
	if err == nil && id == 0 && kind == KindPerson {
		id, err = findBySurname(ctx, tx, name)
	}
	if err != nil || id != 0 {
		if err == nil && role != "" {
			_, err = tx.ExecContext(ctx, "UPDATE claimants SET role = ? WHERE id = ? AND role = ''", role, id)
		}
		return id, err
	}
	if kind == KindOrganization {
		role = ""
	}
	now := fmtTime(s.now())
	res, err := tx.ExecContext(ctx, `INSERT INTO claimants (name, role, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		name, role, kind, now, now)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// checkClaimant is the one rule of what a claimant's details may be: a
// name of one line (1 to 200 characters), at most 20 aliases of the same
// kind, a role of one line, a kind of person or organization, and a same_as
// that is an http(s) address or empty.
func checkClaimant(k Claimant) (Claimant, error) {
	v := &ValidationError{}
	checkText(v, "name", k.Name)
	k.Name = checkLine(v, "name", claimantName(k.Name), maxClaimantNameRunes)
	if k.Name == "" && v.Fields["name"] == "" {
		v.Add("name", "a claimant needs a name")
	}
	var aliases []string
	seen := map[string]bool{strings.ToLower(k.Name): true}
	for _, a := range k.Aliases {
		checkText(v, "aliases", a)
		a = checkLine(v, "aliases", a, maxClaimantNameRunes)
		if a != "" && !seen[strings.ToLower(a)] {
			seen[strings.ToLower(a)] = true
			aliases = append(aliases, a)
		}
	}
	if len(aliases) > maxClaimantAliases {
		v.Add("aliases", fmt.Sprintf("at most %d aliases", maxClaimantAliases))
	}
	if aliases == nil {
		aliases = []string{}
	}
	k.Aliases = aliases
	checkText(v, "role", k.Role)
	k.Role = checkLine(v, "role", k.Role, maxClaimantNameRunes)
	switch k.Kind {
	case KindPerson, KindOrganization:
	default:
		v.Add("kind", "choose person or organization")
	}
	k.SameAs = checkURL(v, "same_as", k.SameAs, true)
	return k, v.Err()
}

// SaveClaimant changes a claimant's name, aliases, role, kind and same_as
// (editors). A name or alias another claimant has is refused: merge them
// instead.
func (s *Store) SaveClaimant(ctx context.Context, actor *User, in Claimant) (*Claimant, error) {
	if err := authorize(actor, ActionEditClaimants); err != nil {
		return nil, fmt.Errorf("save claimant: %w", err)
	}
	k, err := checkClaimant(in)
	if err != nil {
		return nil, fmt.Errorf("save claimant: %w", err)
	}
	var out *Claimant
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := getClaimant(ctx, tx, k.ID); err != nil {
			return err
		}
		for _, n := range append([]string{k.Name}, k.Aliases...) {
			other, err := findClaimant(ctx, tx, n)
			if err != nil {
				return err
			}
			if other != 0 && other != k.ID {
				return Invalid("name", fmt.Sprintf("%q is claimant #%d already: merge the two instead", n, other))
			}
		}
		aj, err := json.Marshal(k.Aliases)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE claimants SET name = ?, aliases = ?, role = ?, kind = ?, same_as = ?, updated_at = ? WHERE id = ?`,
			k.Name, string(aj), k.Role, k.Kind, k.SameAs, fmtTime(s.now()), k.ID); err != nil {
			return err
		}
		out, err = getClaimant(ctx, tx, k.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("save claimant: %w", err)
	}
	return out, nil
}

// MergeClaimants folds claimant drop into keep (admins): every claim of
// drop moves to keep with a "claimant" history row and a new version (its
// earlier history stays), keep gains drop's name and aliases as aliases
// (and its role, same_as when keep has none), and drop is deleted.
func (s *Store) MergeClaimants(ctx context.Context, actor *User, keepID, dropID int64) (*Claimant, error) {
	if err := authorize(actor, ActionMergeClaimants); err != nil {
		return nil, fmt.Errorf("merge claimants: %w", err)
	}
	if keepID == dropID {
		return nil, fmt.Errorf("merge claimants: %w", Invalid("into", "choose another claimant to merge into"))
	}
	var out *Claimant
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		keep, err := getClaimant(ctx, tx, keepID)
		if err != nil {
			return err
		}
		drop, err := getClaimant(ctx, tx, dropID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM claims WHERE claimant_id = ? ORDER BY id", dropID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			version, err := s.bumpClaim(ctx, tx, id)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE claims SET claimant_id = ? WHERE id = ?", keepID, id); err != nil {
				return err
			}
			if err := s.writeHistory(ctx, tx, actor, id, version, []historyRow{{field: "claimant", from: drop.Name, to: keep.Name,
				note: fmt.Sprintf("claimant #%d merged into #%d", dropID, keepID)}}); err != nil {
				return err
			}
		}
		aliases := append(append(keep.Aliases, drop.Name), drop.Aliases...)
		merged, err := checkClaimant(Claimant{ID: keepID, Name: keep.Name, Aliases: aliases, Role: keep.Role, Kind: keep.Kind, SameAs: keep.SameAs})
		if err != nil {
			// Too many aliases: keep the first ones rather than refuse a merge.
			merged.Aliases = merged.Aliases[:min(len(merged.Aliases), maxClaimantAliases)]
		}
		if merged.Role == "" {
			merged.Role = drop.Role
		}
		if merged.SameAs == "" {
			merged.SameAs = drop.SameAs
		}
		aj, err := json.Marshal(merged.Aliases)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM claimants WHERE id = ?", dropID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE claimants SET aliases = ?, role = ?, same_as = ?, updated_at = ? WHERE id = ?`,
			string(aj), merged.Role, merged.SameAs, fmtTime(s.now()), keepID); err != nil {
			return err
		}
		out, err = getClaimant(ctx, tx, keepID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("merge claimants: %w", err)
	}
	return out, nil
}

// LinkClaimants links the claims of a database from before the registry
// to claimants made from their speakers (claims.ClaimantKind decides which
// speakers are names), a batch at a time after claim afterID. It returns
// the last claim it looked at (0 when none is left) and how many it
// linked. Only the link is written: the speaker the text used stays.
func (s *Store) LinkClaimants(ctx context.Context, afterID int64, batch int) (next int64, linked int, err error) {
	if batch <= 0 {
		batch = 200
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, speaker FROM claims WHERE id > ? AND claimant_id IS NULL AND speaker <> ''
			ORDER BY id LIMIT ?`, afterID, batch)
		if err != nil {
			return err
		}
		type todo struct {
			id      int64
			speaker string
		}
		var ts []todo
		for rows.Next() {
			var t todo
			if err := rows.Scan(&t.id, &t.speaker); err != nil {
				rows.Close()
				return err
			}
			ts = append(ts, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, t := range ts {
			next = t.id
			k, err := s.claimantForSpeaker(ctx, tx, t.speaker, "")
			if err != nil {
				return err
			}
			if k == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, "UPDATE claims SET claimant_id = ? WHERE id = ?", k, t.id); err != nil {
				return err
			}
			linked++
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("link claimants: %w", err)
	}
	return next, linked, nil
}

// claimantSuggestionsMax bounds what ClaimantNames returns.
const claimantSuggestionsMax = 500

// claimantNamesQuery reads the names from a prefix on, by the names' index.
const claimantNamesQuery = "SELECT name FROM claimants WHERE name >= ? ORDER BY name COLLATE NOCASE LIMIT ?"

// ClaimantNames returns up to limit names of the registry that begin with
// prefix (letters in any case), in the order of the names: the claimant
// field's suggestions. It reads the names' index from prefix on and counts
// nobody's claims, so it costs the same with ten claimants or a million.
func (s *Store) ClaimantNames(ctx context.Context, prefix string, limit int) ([]string, error) {
	limit = min(max(limit, 1), claimantSuggestionsMax)
	rows, err := s.db.Read.QueryContext(ctx, claimantNamesQuery, prefix, limit)
	if err != nil {
		return nil, fmt.Errorf("claimant names: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("claimant names: %w", err)
		}
		// The names come in order from prefix on: the first that does not
		// begin with it ends the ones that do.
		if len(name) < len(prefix) || !strings.EqualFold(name[:len(prefix)], prefix) {
			break
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
