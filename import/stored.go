package importer

import (
	"context"
	"fmt"
	"strings"

	"lastmile/data"
)

// Stored turns profiles saved in a workspace into profiles; one that cannot
// be read is skipped with an error for the log.
func Stored(sps []data.StoredProfile) ([]Profile, []error) {
	var out []Profile
	var errs []error
	for _, sp := range sps {
		p, err := UnmarshalProfile(sp.Definition)
		if err != nil {
			errs = append(errs, fmt.Errorf("profile %q: %w", sp.Name, err))
			continue
		}
		p.ID, p.Name = sp.ID, sp.Name
		out = append(out, p)
	}
	return out, errs
}

// ToStored turns a profile into the form a workspace saves.
func ToStored(p Profile) (data.StoredProfile, error) {
	def, err := MarshalProfile(p)
	if err != nil {
		return data.StoredProfile{}, err
	}
	return data.StoredProfile{ID: p.ID, Name: p.Name, Kind: p.Kind, Definition: def}, nil
}

// Mapped reads the file again with the columns a person chose (field →
// header as written in the file) and names the result, ready to be saved
// as a profile: the next file with the same header is read with it
// automatically. The conventions of the format it was read with before
// (grouping, rows to skip) are kept.
func (f *File) Mapped(ctx context.Context, name string, kind data.Kind, columns map[Field]string) (*File, error) {
	p := f.Profile
	p.Name = strings.TrimSpace(name)
	p.Kind = kind
	p.Builtin, p.ID = false, 0
	p.Require, p.Title = nil, ""
	if p.System == "" || p.System == "file" || p.Kind != f.Profile.Kind {
		p.System = "file:" + slug(p.Name)
	}
	p.Columns = map[Field][]string{}
	for fld, header := range columns {
		if header != "" {
			p.Columns[fld] = []string{header}
		}
	}
	if p.Kind != f.Profile.Kind {
		p.Kinds, p.GroupBy, p.KeyFields, p.Level = nil, "", nil, ""
	}
	p.Fingerprint = nil
	for _, h := range f.Header {
		if n := normHeader(h); n != "" {
			p.Fingerprint = append(p.Fingerprint, n)
		}
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	o := f.opts
	o.Profiles, o.Profile = []Profile{p}, ""
	f.Close()
	nf, err := Read(ctx, f.Path, o)
	if err != nil {
		return nil, err
	}
	nf.Confidence = Saved
	return nf, nil
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
