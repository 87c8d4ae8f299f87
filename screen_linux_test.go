package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// vtScreen is the little of a terminal that the prompts use: text (wide
// characters take two cells), carriage return, line feed with scrolling,
// cursor moves, erasing, and the modes Bubble Tea turns on and off. It
// reads what a program wrote to its terminal and shows what a person
// would see. Anything else, a control character or a sequence it does not
// know, is a leak: it is kept in leaks, so that a test can tell that
// something the terminal would show as garbage (or act on) got through.
type vtScreen struct {
	rows, cols int
	cells      [][]rune // a wide character's second cell is 0
	row, col   int
	wrapNext   bool // the last column was written: the next character wraps
	scrolled   int  // lines that went off the top
	leaks      []string
}

func newVTScreen(rows, cols int) *vtScreen {
	s := &vtScreen{rows: rows, cols: cols}
	for range rows {
		s.cells = append(s.cells, s.blankLine())
	}
	return s
}

func (s *vtScreen) blankLine() []rune {
	l := make([]rune, s.cols)
	for i := range l {
		l[i] = ' '
	}
	return l
}

// String is the screen as text: each row without its trailing blanks,
// and without the blank rows at the bottom.
func (s *vtScreen) String() string {
	lines := make([]string, s.rows)
	for i, l := range s.cells {
		var b strings.Builder
		for _, r := range l {
			if r != 0 {
				b.WriteRune(r)
			}
		}
		lines[i] = strings.TrimRight(b.String(), " ")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// Write takes what the program wrote, from the start: the screen is
// rebuilt from the whole output each time, so a sequence split between
// two reads is never misread.
func (s *vtScreen) Write(out string) {
	for i := 0; i < len(out); {
		c := out[i]
		switch {
		case c == '\x1b':
			i = s.escape(out, i)
			continue
		case c == '\r':
			s.col, s.wrapNext = 0, false
		case c == '\n':
			s.lineFeed()
		case c == '\b':
			if s.col > 0 {
				s.col--
			}
			s.wrapNext = false
		case c == '\a':
			// A bell shows nothing.
		case c < 0x20 || c == 0x7f:
			s.leaks = append(s.leaks, fmt.Sprintf("%q", c))
		default:
			r, n := utf8.DecodeRuneInString(out[i:])
			if r >= 0x80 && r < 0xa0 || r == '\uFFFD' {
				s.leaks = append(s.leaks, fmt.Sprintf("%q", out[i:i+n]))
			} else {
				s.put(r)
			}
			i += n
			continue
		}
		i++
	}
}

func (s *vtScreen) put(r rune) {
	w := runewidth.RuneWidth(r)
	if w == 0 {
		return // a combining mark: not in these prompts
	}
	if s.wrapNext || s.col+w > s.cols {
		s.col = 0
		s.lineFeed()
	}
	s.cells[s.row][s.col] = r
	if w == 2 {
		s.cells[s.row][s.col+1] = 0
	}
	s.col += w
	s.wrapNext = false
	if s.col >= s.cols {
		s.col = s.cols - 1
		s.wrapNext = true
	}
}

func (s *vtScreen) lineFeed() {
	s.wrapNext = false
	if s.row < s.rows-1 {
		s.row++
		return
	}
	s.cells = append(s.cells[1:], s.blankLine())
	s.scrolled++
}

// escape reads the sequence at out[i] and returns the index after it.
func (s *vtScreen) escape(out string, i int) int {
	if i+1 >= len(out) {
		s.leaks = append(s.leaks, "lone ESC at the end")
		return len(out)
	}
	switch out[i+1] {
	case '[':
		j := i + 2
		for j < len(out) && (out[j] >= 0x30 && out[j] <= 0x3f || out[j] >= 0x20 && out[j] <= 0x2f) {
			j++
		}
		if j >= len(out) {
			s.leaks = append(s.leaks, fmt.Sprintf("unfinished %q", out[i:]))
			return len(out)
		}
		s.csi(out[i+2:j], out[j])
		return j + 1
	case ']', 'P', '_', '^':
		// A string (OSC, DCS, …) ends at BEL or ST; none is expected.
		end := strings.IndexAny(out[i+2:], "\a\x1b")
		seq := out[i:]
		if end >= 0 {
			seq = out[i : i+2+end+1]
		}
		s.leaks = append(s.leaks, fmt.Sprintf("%q", seq))
		if end < 0 {
			return len(out)
		}
		if out[i+2+end] == '\x1b' {
			return i + 2 + end + 2
		}
		return i + 2 + end + 1
	case '7', '8', '=', '>':
		return i + 2 // save/restore cursor, keypad modes: nothing drawn
	}
	s.leaks = append(s.leaks, fmt.Sprintf("%q", out[i:i+2]))
	return i + 2
}

func (s *vtScreen) csi(params string, final byte) {
	private := strings.HasPrefix(params, "?")
	nums := []int{}
	for _, p := range strings.Split(strings.TrimPrefix(params, "?"), ";") {
		n, err := strconv.Atoi(p)
		if err != nil {
			n = 0
		}
		nums = append(nums, n)
	}
	arg := func(def int) int {
		if nums[0] == 0 {
			return def
		}
		return nums[0]
	}
	if private {
		switch final {
		case 'h', 'l':
			for _, m := range nums {
				switch m {
				case 25, 1000, 1002, 1003, 1004, 1006, 2004: // cursor, mouse and focus reports, bracketed paste
				default:
					s.leaks = append(s.leaks, "mode ?"+strconv.Itoa(m)+string(final))
				}
			}
		default:
			s.leaks = append(s.leaks, "CSI ?"+params+string(final))
		}
		return
	}
	s.wrapNext = false
	switch final {
	case 'm': // colours and styles: not drawn here
	case 'A':
		s.row = max(0, s.row-arg(1))
	case 'B':
		s.row = min(s.rows-1, s.row+arg(1))
	case 'C':
		s.col = min(s.cols-1, s.col+arg(1))
	case 'D':
		s.col = max(0, s.col-arg(1))
	case 'G':
		s.col = min(s.cols-1, arg(1)-1)
	case 'H', 'f':
		r, c := arg(1), 1
		if len(nums) > 1 && nums[1] > 0 {
			c = nums[1]
		}
		s.row, s.col = min(s.rows-1, r-1), min(s.cols-1, c-1)
	case 'J':
		switch nums[0] {
		case 0:
			s.eraseLine(s.col, s.cols)
			for r := s.row + 1; r < s.rows; r++ {
				s.cells[r] = s.blankLine()
			}
		case 2:
			for r := range s.rows {
				s.cells[r] = s.blankLine()
			}
		default:
			s.leaks = append(s.leaks, "CSI "+params+"J")
		}
	case 'K':
		switch nums[0] {
		case 0:
			s.eraseLine(s.col, s.cols)
		case 1:
			s.eraseLine(0, s.col+1)
		case 2:
			s.eraseLine(0, s.cols)
		}
	default:
		s.leaks = append(s.leaks, "CSI "+params+string(final))
	}
}

func (s *vtScreen) eraseLine(from, to int) {
	for c := from; c < to; c++ {
		s.cells[s.row][c] = ' '
	}
}

// render is the screen that out leaves on a terminal of this size.
func render(out string, rows, cols int) *vtScreen {
	s := newVTScreen(rows, cols)
	s.Write(out)
	return s
}
