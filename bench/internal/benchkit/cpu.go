package benchkit

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is the kernel's USER_HZ, the unit of /proc/PID/stat times (100 on Linux).
const clockTick = 10 * time.Millisecond

// ProcCPU returns the user+system CPU time process pid (0: this process) has used, read from
// /proc. It fails where /proc is not Linux's.
func ProcCPU(pid int) (time.Duration, error) {
	path := "/proc/self/stat"
	if pid != 0 {
		path = fmt.Sprintf("/proc/%d/stat", pid)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	// Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("%s: unexpected format", path)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("%s: too few fields", path)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("%s: bad utime/stime", path)
	}
	return time.Duration(ut+st) * clockTick, nil
}

// CPUMeter measures the CPU used by the server (when known) and by this process over a window.
type CPUMeter struct {
	pid              int
	server0, client0 time.Duration
}

// CPUUse is what a CPUMeter measured, in seconds of CPU.
type CPUUse struct {
	ServerS float64 `json:"server_cpu_s,omitempty"`
	ClientS float64 `json:"client_cpu_s"`
}

// StartCPU starts measuring; pid 0 means the server is not ours to measure.
func StartCPU(pid int) *CPUMeter {
	m := &CPUMeter{pid: pid}
	if pid != 0 {
		m.server0, _ = ProcCPU(pid)
	}
	m.client0, _ = ProcCPU(0)
	return m
}

// Stop returns the CPU used since StartCPU.
func (m *CPUMeter) Stop() CPUUse {
	var u CPUUse
	if m.pid != 0 {
		if s, err := ProcCPU(m.pid); err == nil {
			u.ServerS = (s - m.server0).Seconds()
		}
	}
	if c, err := ProcCPU(0); err == nil {
		u.ClientS = (c - m.client0).Seconds()
	}
	return u
}
