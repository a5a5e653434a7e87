package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"claimdesk/claims"
)

// A desk trains models on its own decisions (claims.TrainDeskLayer): each
// is a layer over the shipped model, kept as a numbered version with the
// figures of its training run. Version 0 is the shipped model itself. The
// store scores imports with the version in use, and after a switch gives
// the open claims new scores in batches (RescoreOpen), each through
// decideChange like any other change to a claim.

// modelInUse is the scorer the store imports with and its version.
type modelInUse struct {
	version int64
	scorer  *claims.Scorer
}

// scoring returns the model in use.
func (s *Store) scoring() *modelInUse { return s.inUse.Load() }

// ModelInUse is the version of the model the store scores with (0: the
// shipped model).
func (s *Store) ModelInUse() int64 { return s.scoring().version }

// Threshold is the score at and above which the model in use makes a
// sentence a claim rather than a candidate.
func (s *Store) Threshold() float64 { return s.scoring().scorer.Threshold() }

// ModelVersion is a trained desk model with the figures of its training.
type ModelVersion struct {
	// Version is its number; 0 is the shipped model.
	Version   int64             `json:"version"`
	CreatedAt time.Time         `json:"created_at"`
	CreatedBy string            `json:"created_by,omitempty"`
	InUse     bool              `json:"in_use"`
	Report    claims.DeskReport `json:"report"`
	// Weights is how many word features the desk's layer weighs.
	Weights int `json:"weights"`
}

// DeskLabels are the desk's decisions as labels: a claim promoted,
// researched (in research, under review) or signed off is Yes; one
// dismissed as opinion or not checkable is No. Other dismissals
// (duplicate, out of scope, other) and claims nobody decided on are not
// labels. A claim counts once, by where it is now. A promotion is a
// person's: a re-score that lifts a candidate is not one.
func (s *Store) DeskLabels(ctx context.Context) ([]claims.Example, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT c.text, CASE WHEN c.status = 'dismissed' THEN 0 ELSE 1 END FROM claims c
		WHERE (c.status = 'dismissed' AND c.dismiss_code IN ('opinion', 'not_checkable'))
		   OR (c.candidate = 0 AND c.status IN ('researching', 'needs_review', 'done'))
		   OR (c.candidate = 0 AND c.status = 'new' AND EXISTS (SELECT 1 FROM history h WHERE h.claim_id = c.id AND h.field = 'candidate' AND h.to_value = 'no' AND h.user_id IS NOT NULL))
		ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("desk labels: %w", err)
	}
	defer rows.Close()
	out := []claims.Example{}
	for rows.Next() {
		var ex claims.Example
		if err := rows.Scan(&ex.Text, &ex.Worthy); err != nil {
			return nil, fmt.Errorf("desk labels: %w", err)
		}
		out = append(out, ex)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("desk labels: %w", err)
	}
	return out, nil
}

// TrainFromDesk trains a new model version on the desk's labels and keeps
// it with its figures; it does not put it in use. A desk with too few
// labels gets a *claims.TooFewLabelsError (a *ValidationError's sentence
// through Reason) and nothing is kept; so does a run that fails or whose
// ctx ends: the model in use is never touched.
func (s *Store) TrainFromDesk(ctx context.Context, actor *User, opt claims.DeskTrainOptions) (*ModelVersion, error) {
	if err := authorize(actor, ActionManageModel); err != nil {
		return nil, fmt.Errorf("train from desk: %w", err)
	}
	labels, err := s.DeskLabels(ctx)
	if err != nil {
		return nil, err
	}
	layer, rep, err := claims.TrainDeskLayer(ctx, s.model, labels, opt)
	var few *claims.TooFewLabelsError
	if errors.As(err, &few) {
		return nil, fmt.Errorf("train from desk: %w", Invalid("labels", few.Error()))
	}
	if err != nil {
		return nil, fmt.Errorf("train from desk: %w", err)
	}
	v, err := s.addModel(ctx, actor, layer, rep)
	if err != nil {
		return nil, fmt.Errorf("train from desk: %w", err)
	}
	return v, nil
}

// addModel keeps layer as the next version with its figures, not in use.
func (s *Store) addModel(ctx context.Context, actor *User, layer *claims.DeskLayer, rep claims.DeskReport) (*ModelVersion, error) {
	blob, err := layer.MarshalBinary()
	if err != nil {
		return nil, err
	}
	report, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	var version int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO models (version, layer, report, created_at, created_by)
			VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM models), ?, ?, ?, ?) RETURNING version`,
			blob, string(report), fmtTime(s.now()), actorID(actor)).Scan(&version)
	})
	if err != nil {
		return nil, err
	}
	return s.Model(ctx, version)
}

// ImportModel keeps a desk model file (ExportModel's, perhaps of another
// desk) as the next version, measured on the shipped held-back data (it
// has no labels of this desk to show). A file that does not load is
// refused with the reason, and nothing is kept.
func (s *Store) ImportModel(ctx context.Context, actor *User, data []byte) (*ModelVersion, error) {
	if err := authorize(actor, ActionManageModel); err != nil {
		return nil, fmt.Errorf("import model: %w", err)
	}
	layer, err := claims.LoadDeskLayer(data)
	if err != nil {
		return nil, fmt.Errorf("import model: %w", Invalid("model", err.Error()))
	}
	held := claims.HeldBack()
	rep := claims.DeskReport{HeldBefore: claims.NewScorer(s.model, nil).Evaluate(held), HeldAfter: claims.NewScorer(s.model, layer).Evaluate(held)}
	v, err := s.addModel(ctx, actor, layer, rep)
	if err != nil {
		return nil, fmt.Errorf("import model: %w", err)
	}
	return v, nil
}

// ExportModel returns version's desk model file (claimdesk extract
// --model reads it).
func (s *Store) ExportModel(ctx context.Context, actor *User, version int64) ([]byte, error) {
	if err := authorize(actor, ActionManageModel); err != nil {
		return nil, fmt.Errorf("export model: %w", err)
	}
	l, err := loadLayer(ctx, s.db.Read, version)
	if err != nil {
		return nil, fmt.Errorf("export model: %w", err)
	}
	return l.MarshalBinary()
}

// Models lists the shipped model (version 0) and every trained version,
// newest first after it.
func (s *Store) Models(ctx context.Context) ([]ModelVersion, error) {
	vs, err := queryModels(ctx, s.db.Read, "")
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	shipped := ModelVersion{Version: 0, InUse: true}
	for _, v := range vs {
		shipped.InUse = shipped.InUse && !v.InUse
	}
	return append([]ModelVersion{shipped}, vs...), nil
}

// Model returns one version (0: the shipped model).
func (s *Store) Model(ctx context.Context, version int64) (*ModelVersion, error) {
	if version == 0 {
		vs, err := s.Models(ctx)
		if err != nil {
			return nil, err
		}
		return &vs[0], nil
	}
	vs, err := queryModels(ctx, s.db.Read, " WHERE m.version = ?", version)
	if err != nil {
		return nil, fmt.Errorf("model %d: %w", version, err)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("model %d: %w", version, ErrNotFound)
	}
	return &vs[0], nil
}

func queryModels(ctx context.Context, q querier, where string, args ...any) ([]ModelVersion, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.version, m.layer, m.report, m.created_at, COALESCE(u.name, ''), m.in_use
		FROM models m LEFT JOIN users u ON u.id = m.created_by`+where+" ORDER BY m.version DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ModelVersion
	for rows.Next() {
		var v ModelVersion
		var blob []byte
		var report, created string
		if err := rows.Scan(&v.Version, &blob, &report, &created, &v.CreatedBy, &v.InUse); err != nil {
			return nil, err
		}
		v.CreatedAt = parseTime(created)
		if err := json.Unmarshal([]byte(report), &v.Report); err != nil {
			return nil, fmt.Errorf("model %d figures: %w", v.Version, err)
		}
		if l, err := claims.LoadDeskLayer(blob); err == nil {
			v.Weights = l.Weights()
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// loadLayer reads version's layer; one that does not load is refused with
// the reason.
func loadLayer(ctx context.Context, q querier, version int64) (*claims.DeskLayer, error) {
	var blob []byte
	err := q.QueryRowContext(ctx, "SELECT layer FROM models WHERE version = ?", version).Scan(&blob)
	if err != nil {
		return nil, notFound(err, "model %d", version)
	}
	l, err := claims.LoadDeskLayer(blob)
	if err != nil {
		return nil, Invalid("model", fmt.Sprintf("model %d does not load: %v", version, err))
	}
	return l, nil
}

// UseModel puts version in use (0: the shipped model), for imports at
// once and for the open claims by RescoreOpen, which it wakes. A version
// that does not exist is ErrNotFound and one whose file does not load is
// refused with the reason; either way the model in use stays.
func (s *Store) UseModel(ctx context.Context, actor *User, version int64) error {
	if err := authorize(actor, ActionManageModel); err != nil {
		return fmt.Errorf("use model %d: %w", version, err)
	}
	var layer *claims.DeskLayer
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if version != 0 {
			var err error
			if layer, err = loadLayer(ctx, tx, version); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE models SET in_use = (version = ?)", version)
		return err
	})
	if err != nil {
		return fmt.Errorf("use model %d: %w", version, err)
	}
	s.inUse.Store(&modelInUse{version: version, scorer: claims.NewScorer(s.model, layer)})
	s.wakeRescorer()
	return nil
}

// LoadModelInUse makes the store score with the version the database has
// in use (another process may have switched it). It returns that version.
func (s *Store) LoadModelInUse(ctx context.Context) (int64, error) {
	var version int64
	err := s.db.Read.QueryRowContext(ctx, "SELECT COALESCE((SELECT version FROM models WHERE in_use = 1), 0)").Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("model in use: %w", err)
	}
	if version == s.ModelInUse() {
		return version, nil
	}
	var layer *claims.DeskLayer
	if version != 0 {
		if layer, err = loadLayer(ctx, s.db.Read, version); err != nil {
			return 0, fmt.Errorf("model in use: %w", err)
		}
	}
	s.inUse.Store(&modelInUse{version: version, scorer: claims.NewScorer(s.model, layer)})
	s.wakeRescorer()
	return version, nil
}

// MaxRescoreBatch is the most claims RescoreOpen changes in one
// transaction, so reviewers' writes wait for no more than one batch.
const MaxRescoreBatch = 500

// RescoreOpen gives up to batch open claims (not done, not dismissed)
// after afterID, scored by another model than the one in use, that
// model's score: scored outside the writer, then changed in one
// transaction through decideChange (a "score" history row saying which
// model, and for an engine claim nobody has touched a new candidate
// flag). It returns the last id it looked at and how many it changed; 0
// looked at means none are left after afterID.
func (s *Store) RescoreOpen(ctx context.Context, afterID int64, batch int) (next int64, changed int, err error) {
	if batch <= 0 || batch > MaxRescoreBatch {
		batch = MaxRescoreBatch
	}
	m := s.scoring()
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, text FROM claims
		WHERE id > ? AND model_version <> ? AND status NOT IN ('done', 'dismissed') ORDER BY id LIMIT ?`, afterID, m.version, batch)
	if err != nil {
		return afterID, 0, fmt.Errorf("re-score: %w", err)
	}
	type todo struct {
		id    int64
		text  string
		score claims.Score
	}
	var ts []todo
	for rows.Next() {
		var t todo
		if err := rows.Scan(&t.id, &t.text); err != nil {
			rows.Close()
			return afterID, 0, fmt.Errorf("re-score: %w", err)
		}
		ts = append(ts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return afterID, 0, fmt.Errorf("re-score: %w", err)
	}
	if len(ts) == 0 {
		return afterID, 0, nil
	}
	for i := range ts {
		ts[i].score = m.scorer.Score(ts[i].text)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range ts {
			c, err := getClaim(ctx, tx, t.id)
			if errors.Is(err, ErrNotFound) {
				continue // merged away since it was read
			}
			if err != nil {
				return err
			}
			if c.Text != t.text {
				continue // its span moved: the next pass scores the new text
			}
			e := resolvedEdit{claimEdit: claimEdit{rescore: &rescoreEdit{model: m.version, score: t.score}}}
			ch, err := s.decideChange(ctx, tx, nil, c, e)
			if err != nil {
				return err
			}
			if len(ch.rows) == 0 {
				continue
			}
			if err := s.saveChange(ctx, tx, nil, ch); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return afterID, 0, fmt.Errorf("re-score: %w", err)
	}
	return ts[len(ts)-1].id, changed, nil
}

// RescoreAll runs RescoreOpen batch after batch until no open claim is
// left scored by another model, pausing between batches so that other
// writers go first. It returns how many claims it changed.
func (s *Store) RescoreAll(ctx context.Context, batch int, pause time.Duration) (int, error) {
	total := 0
	var after int64
	version := s.ModelInUse()
	for {
		next, n, err := s.RescoreOpen(ctx, after, batch)
		if err != nil {
			return total, err
		}
		total += n
		if next == after {
			return total, nil
		}
		if s.ModelInUse() != version { // switched again: start over
			after, version = 0, s.ModelInUse()
		} else {
			after = next
		}
		if pause > 0 {
			select {
			case <-ctx.Done():
				return total, ctx.Err()
			case <-time.After(pause):
			}
		}
	}
}

// wakeRescorer tells a running RunRescorer that the model changed.
func (s *Store) wakeRescorer() {
	select {
	case s.rescoreWake <- struct{}{}:
	default:
	}
}

// rescorePoll is how often RunRescorer looks whether another process
// (claimdesk model use) switched the model.
const rescorePoll = 30 * time.Second

// rescorePause is the rest between two batches of a re-scoring.
const rescorePause = 20 * time.Millisecond

// RunRescorer re-scores the open claims whenever the model in use
// changes, in this process or (checked every rescorePoll) another, until
// ctx ends; it then returns nil. Failures go to onErr and are tried again
// at the next wake.
func (s *Store) RunRescorer(ctx context.Context, onErr func(error)) error {
	t := time.NewTicker(rescorePoll)
	defer t.Stop()
	// The first pass finishes a re-scoring a stopped process left half
	// done; after it, a poll looks at the claims only when the version
	// changed, so a desk that never switches is not scanned every poll.
	pending := true
	for {
		before := s.ModelInUse()
		_, err := s.LoadModelInUse(ctx)
		if err == nil && (pending || s.ModelInUse() != before) {
			_, err = s.RescoreAll(ctx, MaxRescoreBatch, rescorePause)
		}
		pending = err != nil
		if err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.rescoreWake:
			pending = true
		case <-t.C:
		}
	}
}
