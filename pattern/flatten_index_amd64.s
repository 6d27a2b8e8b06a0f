//go:build amd64 && !purego

#include "textflag.h"

// SPECIAL32 sets a bit in AX for each special byte of the 32 at DI (Y1-Y3 hold the broadcast
// '"', '\\' and 0x1f).
#define SPECIAL32 \
	VMOVDQU (DI), Y4; \
	VPCMPEQB Y1, Y4, Y5; \
	VPCMPEQB Y2, Y4, Y6; \
	VPMAXUB  Y3, Y4, Y7; \
	VPCMPEQB Y3, Y7, Y7; \
	VPOR     Y5, Y6, Y5; \
	VPOR     Y5, Y7, Y5; \
	VPMOVMSKB Y5, AX

// func cpuHasAVX2() bool
TEXT ·cpuHasAVX2(SB), NOSPLIT, $0-1
	MOVB $0, ret+0(FP)
	MOVL $0, AX
	CPUID
	CMPL AX, $7
	JLT  no
	MOVL $1, AX
	MOVL $0, CX
	CPUID
	// OSXSAVE (bit 27) and AVX (bit 28) of ECX
	ANDL $0x18000000, CX
	CMPL CX, $0x18000000
	JNE  no
	// the OS saves the XMM and YMM state: XCR0 bits 1 and 2
	MOVL $0, CX
	XGETBV
	ANDL $6, AX
	CMPL AX, $6
	JNE  no
	// AVX2: leaf 7, EBX bit 5
	MOVL $7, AX
	MOVL $0, CX
	CPUID
	ANDL $0x20, BX
	JZ   no
	MOVB $1, ret+0(FP)
no:
	RET

// func plainIndex(b []byte) int
//
// Per 32-byte block: a byte is special when it equals '"' or '\\', or when max(byte, 0x1f)
// equals 0x1f (an unsigned byte at most 0x1f). Two blocks per step while they last, then one,
// then the last 32 bytes (overlapping bytes already known to be plain). len(b) >= 32.
TEXT ·plainIndex(SB), NOSPLIT, $0-32
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), BX
	MOVQ SI, DI
	LEAQ (SI)(BX*1), R8      // end
	LEAQ -64(R8), R9         // a 64-byte step may start at or below this
	LEAQ -32(R8), R10        // a 32-byte step may start at or below this
	MOVL $0x22, AX
	MOVD AX, X1
	VPBROADCASTB X1, Y1      // '"'
	MOVL $0x5c, AX
	MOVD AX, X2
	VPBROADCASTB X2, Y2      // '\\'
	MOVL $0x1f, AX
	MOVD AX, X3
	VPBROADCASTB X3, Y3      // 0x1f
	CMPQ BX, $64
	JLT  single
pair:
	CMPQ DI, R9
	JA   single
	VMOVDQU (DI), Y4
	VMOVDQU 32(DI), Y8
	VPCMPEQB Y1, Y4, Y5
	VPCMPEQB Y2, Y4, Y6
	VPMAXUB  Y3, Y4, Y7
	VPCMPEQB Y3, Y7, Y7
	VPCMPEQB Y1, Y8, Y9
	VPCMPEQB Y2, Y8, Y10
	VPMAXUB  Y3, Y8, Y11
	VPCMPEQB Y3, Y11, Y11
	VPOR     Y5, Y6, Y5
	VPOR     Y5, Y7, Y5      // first block
	VPOR     Y9, Y10, Y9
	VPOR     Y9, Y11, Y9     // second block
	VPOR     Y5, Y9, Y12
	VPTEST   Y12, Y12
	JNZ      foundpair
	ADDQ $64, DI
	JMP  pair
foundpair:
	VPMOVMSKB Y5, AX
	VPMOVMSKB Y9, DX
	SHLQ $32, DX
	ORQ  DX, AX
	BSFQ AX, AX
	ADDQ AX, DI
	JMP  done
single:
	CMPQ DI, R10
	JA   last
	SPECIAL32
	TESTL AX, AX
	JNZ  found
	ADDQ $32, DI
	JMP  single
last:
	CMPQ DI, R8
	JAE  done
	MOVQ R10, DI             // the last 32 bytes; those before the old DI are plain
	SPECIAL32
	TESTL AX, AX
	JNZ  found
	MOVQ R8, DI
	JMP  done
found:
	BSFL AX, AX
	ADDQ AX, DI
done:
	SUBQ SI, DI
	MOVQ DI, ret+24(FP)
	VZEROUPPER
	RET
