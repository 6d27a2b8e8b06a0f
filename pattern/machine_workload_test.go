package pattern

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Workloads shared by the machine benchmarks. Generated data is never committed: the shared
// generators under ../shared/bench are run into a temporary directory (cached per user), and the
// benchmarks skip when ../shared is absent. Our own workloads are generated in Go with fixed seeds.

// sharedBenchDir returns ../shared/bench relative to the repository root, or skips.
func sharedBenchDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found")
		}
		dir = parent
	}
	bench := filepath.Join(dir, "..", "shared", "bench")
	if _, err := os.Stat(bench); err != nil {
		tb.Skip("../shared/bench is absent; skipping generated workloads")
	}
	return bench
}

var (
	genMu    sync.Mutex
	genLines = map[string][][]byte{} // by file path: the last workload read, kept so that the
	// repeated calls of one benchmark function do not re-read it (and leave garbage that the GC
	// would collect while the benchmark measures)
)

// generated runs a shared generator once (cached in a temp dir) and returns the file's lines.
func generated(tb testing.TB, tool string, args []string, file string) [][]byte {
	tb.Helper()
	bench := sharedBenchDir(tb)
	genMu.Lock()
	defer genMu.Unlock()
	out := filepath.Join(os.TempDir(), fmt.Sprintf("eventrail-bench-%d", os.Getuid()), tool+"-"+strings.Join(args, "_"))
	path := filepath.Join(out, file)
	if lines, ok := genLines[path]; ok {
		return lines
	}
	if _, err := os.Stat(path); err != nil {
		if err := os.MkdirAll(out, 0o755); err != nil {
			tb.Fatal(err)
		}
		// build the generator inside its own module, then run it in the output directory
		bin := filepath.Join(out, tool+".bin")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = filepath.Join(bench, tool)
		build.Env = append(os.Environ(), "GOWORK=off")
		if msg, err := build.CombinedOutput(); err != nil {
			tb.Fatalf("%s: %v\n%s", build, err, msg)
		}
		if tool == "rulegen" {
			args = append([]string{"gen", "-dir", out}, args...)
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = out
		if msg, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("%s: %v\n%s", cmd, err, msg)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if len(genLines) > 4 {
		clear(genLines)
	}
	genLines[path] = splitLines(data)
	return genLines[path]
}

func splitLines(data []byte) [][]byte {
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			lines = append(lines, bytes.Clone(sc.Bytes()))
		}
	}
	return lines
}

// rulegenWorkload returns the rules of mix with n rules and the events generated alongside.
func rulegenWorkload(tb testing.TB, mix string, n int) (rules []string, events [][]byte) {
	args := []string{"-n", fmt.Sprint(n), "-mix", mix}
	for _, l := range generated(tb, "rulegen", args, fmt.Sprintf("rules-%s-%d.jsonl", mix, n)) {
		rules = append(rules, string(l))
	}
	return rules, generated(tb, "rulegen", args, fmt.Sprintf("events-%d.jsonl", n))
}

// opsRules is our own mix over rulegen's event shape: every operator, many rules sharing fields
// and differing by values. Rule k of source i (10 per source, like rulegen).
func opsRules(n int) []string {
	sources := max(n/10, 1)
	rules := make([]string, 0, n)
	for i := 0; len(rules) < n && i < sources; i++ {
		src := fmt.Sprintf("svc-%d", i)
		for k := 0; k < 10 && len(rules) < n; k++ {
			var r string
			switch k {
			case 0:
				r = fmt.Sprintf(`{"source":[%q],"detail":{"size-bytes":[{"numeric":[">=",%d,"<",%d]}]}}`, src, i*1000, (i+500)*1000000)
			case 1:
				r = fmt.Sprintf(`{"source":[%q],"detail":{"ip":[{"cidr":"10.%d.0.0/16"}]}}`, src, i%256)
			case 2:
				r = fmt.Sprintf(`{"source":[%q],"detail":{"owner":{"email":[{"wildcard":"user%d*@example.com"}]}}}`, src, i%10)
			case 3:
				r = fmt.Sprintf(`{"source":[%q],"resources":[{"suffix":"%x"}]}`, src, i%16)
			case 4:
				r = fmt.Sprintf(`{"source":[%q],"$or":[{"detail":{"state":["running"]}},{"detail-type":["Order Placed"]}]}`, src)
			case 5:
				r = fmt.Sprintf(`{"source":[%q],"detail":{"state":[{"anything-but":{"prefix":"stop"}}],"ratio":[{"numeric":["<",0.%d]}]}}`, src, 1+i%9)
			case 6:
				r = fmt.Sprintf(`{"source":[%q],"detail":{"owner":{"team":[{"equals-ignore-case":"TEAM-%d"}]}}}`, src, i%50)
			case 7:
				r = fmt.Sprintf(`{"source":[%q],"detail":{"tags":{"key":["env"],"value":["prod"]}}}`, src)
			case 8:
				r = fmt.Sprintf(`{"source":[%q],"detail":{"message":[{"exists":true}],"error":[{"exists":false}]}}`, src)
			default:
				r = fmt.Sprintf(`{"source":[{"prefix":"svc-%d"}],"detail":{"seq":[{"numeric":[">",%d]}]},"region":[{"anything-but":["eu-west-1"]}]}`, i, i)
			}
			rules = append(rules, r)
		}
	}
	return rules
}

// seedEvents returns n ~1 KB envelopes shaped like the seeds' events: EC2 AMI State Change, EBS
// volume and snapshot notifications, CloudTrail CreateImage / CreateTags records, and image-build
// status messages. Same seed, same events.
func seedEvents(n int, seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	hex := func(k int) string {
		const d = "0123456789abcdef"
		b := make([]byte, k)
		for i := range b {
			b[i] = d[r.IntN(16)]
		}
		return string(b)
	}
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	out := make([][]byte, 0, n)
	for len(out) < n {
		id := hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12)
		acct := fmt.Sprintf("%012d", r.IntN(1e12))
		region := pick("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1")
		when := fmt.Sprintf("2024-0%d-%02dT%02d:%02d:%02dZ", 1+r.IntN(9), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
		head := fmt.Sprintf(`{"version":"0","id":%q,"detail-type":%%q,"source":%%q,"account":%q,"time":%q,"region":%q,`, id, acct, when, region)
		var ev string
		switch r.IntN(5) {
		case 0:
			ami := "ami-" + hex(17)
			ev = fmt.Sprintf(head, "EC2 AMI State Change", "aws.ec2") + fmt.Sprintf(`"resources":["arn:aws:ec2:%s::image/%s"],"detail":{"RequestId":%q,"ImageId":%q,"State":%q,"ErrorMessage":%q}}`,
				region, ami, id, ami, pick("available", "failed", "deregistered", "disabled"), pick("", "Description of failure"))
		case 1:
			vol := "vol-" + hex(17)
			ev = fmt.Sprintf(head, "EBS Volume Notification", "aws.ec2") + fmt.Sprintf(`"resources":["arn:aws:ec2:%s:%s:volume/%s"],"detail":{"result":%q,"cause":"","event":%q,"request-id":%q}}`,
				region, acct, vol, pick("available", "failed", "deleted"), pick("createVolume", "deleteVolume", "attachVolume"), id)
		case 2:
			snap := "snap-" + hex(17)
			ev = fmt.Sprintf(head, "EBS Snapshot Notification", "aws.ec2") + fmt.Sprintf(`"resources":["arn:aws:ec2::%s:snapshot/%s"],"detail":{"event":%q,"result":%q,"cause":"","request-id":"","snapshot_id":"arn:aws:ec2::%s:snapshot/%s","source":"arn:aws:ec2::%s:volume/vol-%s","StartTime":%q,"EndTime":%q}}`,
				region, snap, pick("createSnapshot", "copySnapshot", "shareSnapshot"), pick("succeeded", "failed"), region, snap, region, hex(8), when, when)
		case 3:
			name := pick("CreateImage", "CreateTags")
			errField := ""
			if r.IntN(4) == 0 {
				errField = `"errorCode":"Client.UnauthorizedOperation",`
			}
			ev = fmt.Sprintf(head, "AWS API Call via CloudTrail", "aws.ec2") + fmt.Sprintf(`"resources":[],"detail":{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROA%s:%s","arn":"arn:aws:sts::%s:assumed-role/ops/%s","accountId":%q},"eventTime":%q,"eventSource":"ec2.amazonaws.com","eventName":%q,"awsRegion":%q,"sourceIPAddress":"10.%d.%d.%d","userAgent":"Boto3/1.12.35 Python/3.5.5",%s"requestParameters":{"instanceId":"i-%s","name":"backup-%s","noReboot":true,"tagSpecificationSet":{"items":[{"resourceType":"image","tags":[{"key":"deprecation","value":%q},{"key":"owner","value":"team-%d"}]},{"resourceType":"snapshot","tags":[{"key":"deprecation","value":"keep"}]}]}},"responseElements":{"imageId":"ami-%s"},"requestID":%q,"eventID":%q,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":%q}}`,
				hex(16), hex(8), acct, hex(8), acct, when, name, region, r.IntN(256), r.IntN(256), r.IntN(256), errField, hex(17), hex(6), pick("hoge", "keep", "2024-12-31"), r.IntN(20), hex(17), id, id, acct)
		default:
			status := pick("AVAILABLE", "FAILED", "BUILDING")
			ev = fmt.Sprintf(head, "EC2 Image Builder Image State Change", "aws.imagebuilder") + fmt.Sprintf(`"resources":["arn:aws:imagebuilder:%s:%s:image/linux-%s/1.0.0/%d"],"detail":{"previous-state":{"status":"BUILDING"},"state":{"status":%q},"name":"linux-%s","version":"1.0.0","buildVersion":%d,"platform":%q,"imageRecipe":{"name":"barebones","components":[{"componentArn":"arn:aws:imagebuilder:%s:aws:component/update-linux/1.0.2/1"}],"blockDeviceMappings":[{"deviceName":"/dev/xvda","ebs":{"encrypted":false,"volumeSize":%d,"volumeType":"gp2"}}]},"outputResources":{"amis":[{"region":%q,"image":"ami-%s","accountId":%q}]}}}`,
				region, acct, hex(4), 1+r.IntN(9), status, hex(4), 1+r.IntN(9), pick("Linux", "Windows"), region, 8*(1+r.IntN(8)), region, hex(17), acct)
		}
		out = append(out, []byte(ev))
	}
	return out
}

// seedRules are rules users write against the seed events.
var seedRules = []string{
	`{"source":["aws.ec2"],"detail-type":["EC2 AMI State Change"],"detail":{"State":["available"]}}`,
	`{"source":["aws.ec2"],"detail-type":["EC2 AMI State Change"],"detail":{"State":["failed","disabled"]}}`,
	`{"source":["aws.ec2"],"detail-type":["EBS Snapshot Notification"],"detail":{"event":["createSnapshot"],"result":["succeeded"]}}`,
	`{"source":["aws.ec2"],"detail-type":["EBS Volume Notification"],"detail":{"event":["createVolume","deleteVolume"],"result":[{"anything-but":"available"}]}}`,
	`{"source":["aws.ec2"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["ec2.amazonaws.com"],"eventName":["CreateImage"],"errorCode":[{"exists":false}],"requestParameters":{"tagSpecificationSet":{"items":{"resourceType":["image"],"tags":{"key":["deprecation"],"value":["hoge"]}}}}}}`,
	`{"source":["aws.ec2"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["CreateTags"],"responseElements":{"imageId":[{"prefix":"ami-"}]}}}`,
	`{"source":["aws.imagebuilder"],"detail":{"state":{"status":["AVAILABLE"]}}}`,
	`{"source":["aws.imagebuilder"],"detail":{"state":{"status":["FAILED"]},"platform":[{"equals-ignore-case":"linux"}]}}`,
	`{"region":[{"prefix":"eu-"}],"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/8"}]}}`,
	`{"detail":{"imageRecipe":{"blockDeviceMappings":{"ebs":{"volumeSize":[{"numeric":[">=",32]}]}}}}}`,
}

// compiled is a machine with its setup figures, built once per workload and reused by every
// b.N round of the benchmark that asked for it.
type compiled struct {
	m           *Machine
	rulesPerSec float64
	bytesPerRul float64
}

var (
	compiledMu    sync.Mutex
	compiledCache = map[string]*compiled{}
)

// compileRules parses and adds rules (cached by key), measuring the Add rate and heap growth.
func compileRules(tb testing.TB, key string, rules []string) *compiled {
	tb.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if c := compiledCache[key]; c != nil {
		return c
	}
	clear(compiledCache) // keep one big machine alive at a time
	ids := make([]string, len(rules))
	for i := range ids {
		ids[i] = fmt.Sprintf("rule-%d", i)
	}
	// The heap is measured from before parsing: what the machine keeps of the patterns counts.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	pats := make([]*Pattern, len(rules))
	for i, r := range rules {
		p, err := Parse(r)
		if err != nil {
			tb.Fatalf("rule %d %s: %v", i, r, err)
		}
		pats[i] = p
	}
	m := NewMachine()
	start := time.Now()
	for i, p := range pats {
		if err := m.Add(ids[i], p); err != nil {
			tb.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	pats = nil
	runtime.GC()
	runtime.KeepAlive(ids)
	runtime.ReadMemStats(&after)
	c := &compiled{m: m, rulesPerSec: float64(len(rules)) / elapsed.Seconds(),
		bytesPerRul: float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(rules))}
	compiledCache[key] = c
	return c
}

// runMatch is the measured loop: it matches events round robin and reports events/s plus the
// setup figures.
func runMatch(b *testing.B, c *compiled, events [][]byte) {
	b.Helper()
	dst := make([]string, 0, 64)
	var matched int
	var size int64
	for _, e := range events {
		size += int64(len(e))
	}
	b.SetBytes(size / int64(len(events)))
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		var err error
		dst, err = c.m.Match(events[i%len(events)], dst[:0])
		if err != nil {
			b.Fatal(err)
		}
		matched += len(dst)
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "events/cpu-s")
	b.ReportMetric(float64(matched)/float64(b.N), "matches/event")
	b.ReportMetric(c.rulesPerSec, "rules/s")
	b.ReportMetric(c.bytesPerRul, "B/rule")
}

// cpuTime returns the CPU time the process has used. On this shared, noisy machine events per
// CPU-second is the steadier figure: wall time includes waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
