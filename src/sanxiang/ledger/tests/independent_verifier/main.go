// Command tlogcheck checks sanxiang's public ledger data with code that sanxiang did not write:
// golang.org/x/mod/sumdb/tlog (RFC 6962 tree hashes, record and tree proofs) and
// golang.org/x/mod/sumdb/note (signed notes and verifier keys, the origin of C2SP signed-note),
// both by the Go authors, BSD-3-Clause, as packaged by Debian (golang-golang-x-mod-dev).
//
// It reads one JSON request on stdin and writes one JSON report on stdout. The test fetches the
// data over HTTP; this program only verifies, so every verdict comes from the Go packages.
package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusionCheck struct {
	Index int64    `json:"index"`
	Size  int64    `json:"size"`
	Leaf  string   `json:"leaf"`
	Root  string   `json:"root"`
	Proof []string `json:"proof"`
}

type consistencyCheck struct {
	First      int64    `json:"first"`
	Second     int64    `json:"second"`
	FirstRoot  string   `json:"first_root"`
	SecondRoot string   `json:"second_root"`
	Proof      []string `json:"proof"`
}

type noteCheck struct {
	VerifierKey string `json:"vkey"`
	Text        string `json:"text"`
}

type request struct {
	LeafHashes  []string           `json:"leaf_hashes"`
	RootsAt     []int64            `json:"roots_at"`
	Notes       []noteCheck        `json:"notes"`
	Inclusion   []inclusionCheck   `json:"inclusion"`
	Consistency []consistencyCheck `json:"consistency"`
}

type verdict struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type noteVerdict struct {
	verdict
	Origin string `json:"origin,omitempty"`
	Size   int64  `json:"size,omitempty"`
	Root   string `json:"root,omitempty"`
}

type report struct {
	Roots       map[string]string `json:"roots"`
	Notes       []noteVerdict     `json:"notes"`
	Inclusion   []verdict         `json:"inclusion"`
	Consistency []verdict         `json:"consistency"`
}

func parseHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := hex.DecodeString(s)
	if err != nil {
		return h, err
	}
	if len(b) != tlog.HashSize {
		return h, fmt.Errorf("hash of %d bytes, want %d", len(b), tlog.HashSize)
	}
	copy(h[:], b)
	return h, nil
}

func parseHashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		h, err := parseHash(s)
		if err != nil {
			return nil, fmt.Errorf("proof[%d]: %w", i, err)
		}
		out[i] = h
	}
	return out, nil
}

func toVerdict(err error) verdict {
	if err != nil {
		return verdict{OK: false, Error: err.Error()}
	}
	return verdict{OK: true}
}

// roots stores the leaves the tlog way (StoredHashesForRecordHash) and asks tlog.TreeHash for the
// root of each requested size.
func roots(leaves []string, sizes []int64) (map[string]string, error) {
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			if x < 0 || x >= int64(len(stored)) {
				return nil, fmt.Errorf("stored hash %d not available", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	for n, s := range leaves {
		h, err := parseHash(s)
		if err != nil {
			return nil, fmt.Errorf("leaf %d: %w", n, err)
		}
		hashes, err := tlog.StoredHashesForRecordHash(int64(n), h, reader)
		if err != nil {
			return nil, err
		}
		stored = append(stored, hashes...)
	}
	out := map[string]string{}
	for _, size := range sizes {
		if size < 1 || size > int64(len(leaves)) {
			return nil, fmt.Errorf("root of size %d requested with %d leaves", size, len(leaves))
		}
		h, err := tlog.TreeHash(size, reader)
		if err != nil {
			return nil, err
		}
		out[strconv.FormatInt(size, 10)] = hex.EncodeToString(h[:])
	}
	return out, nil
}

// openCheckpoint verifies the signed note with the verifier key, then reads the C2SP
// tlog-checkpoint body: origin, decimal size, base64 root hash (extension lines may follow).
func openCheckpoint(c noteCheck) noteVerdict {
	fail := func(err error) noteVerdict { return noteVerdict{verdict: toVerdict(err)} }
	v, err := note.NewVerifier(c.VerifierKey)
	if err != nil {
		return fail(err)
	}
	n, err := note.Open([]byte(c.Text), note.VerifierList(v))
	if err != nil {
		return fail(err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] == "" {
		return fail(errors.New("checkpoint body needs origin, size and root lines"))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return fail(fmt.Errorf("bad tree size %q", lines[1]))
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return fail(fmt.Errorf("bad root hash %q", lines[2]))
	}
	return noteVerdict{verdict: verdict{OK: true}, Origin: lines[0], Size: size, Root: hex.EncodeToString(root)}
}

func checkInclusion(c inclusionCheck) error {
	leaf, err := parseHash(c.Leaf)
	if err != nil {
		return fmt.Errorf("leaf: %w", err)
	}
	root, err := parseHash(c.Root)
	if err != nil {
		return fmt.Errorf("root: %w", err)
	}
	proof, err := parseHashes(c.Proof)
	if err != nil {
		return err
	}
	return tlog.CheckRecord(tlog.RecordProof(proof), c.Size, root, c.Index, leaf)
}

func checkConsistency(c consistencyCheck) error {
	first, err := parseHash(c.FirstRoot)
	if err != nil {
		return fmt.Errorf("first root: %w", err)
	}
	second, err := parseHash(c.SecondRoot)
	if err != nil {
		return fmt.Errorf("second root: %w", err)
	}
	proof, err := parseHashes(c.Proof)
	if err != nil {
		return err
	}
	return tlog.CheckTree(tlog.TreeProof(proof), c.Second, second, c.First, first)
}

func main() {
	var req request
	dec := json.NewDecoder(os.Stdin)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "tlogcheck: bad request:", err)
		os.Exit(2)
	}
	rep := report{Notes: []noteVerdict{}, Inclusion: []verdict{}, Consistency: []verdict{}}
	var err error
	if rep.Roots, err = roots(req.LeafHashes, req.RootsAt); err != nil {
		fmt.Fprintln(os.Stderr, "tlogcheck: roots:", err)
		os.Exit(2)
	}
	for _, c := range req.Notes {
		rep.Notes = append(rep.Notes, openCheckpoint(c))
	}
	for _, c := range req.Inclusion {
		rep.Inclusion = append(rep.Inclusion, toVerdict(checkInclusion(c)))
	}
	for _, c := range req.Consistency {
		rep.Consistency = append(rep.Consistency, toVerdict(checkConsistency(c)))
	}
	if err := json.NewEncoder(os.Stdout).Encode(rep); err != nil {
		fmt.Fprintln(os.Stderr, "tlogcheck:", err)
		os.Exit(2)
	}
}
