#!/usr/bin/env python3
"""Files over 400 lines and functions over 80 lines under src/ (brace matching, strings,
chars and comments skipped). Exit status 1 when there is any (CI runs it)."""
import os, re, sys
FN = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+"[^"]*"\s+)?fn\s+(\w+)')
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
def strip(line, state):
    out=[]; i=0
    while i < len(line):
        c=line[i]
        if state['block']:
            if line.startswith('*/', i): state['block']=False; i+=2; continue
            i+=1; continue
        if state['str']:
            if c=='\\': i+=2; continue
            if c=='"': state['str']=False
            i+=1; continue
        if line.startswith('//', i): break
        if line.startswith('/*', i): state['block']=True; i+=2; continue
        if c=='"': state['str']=True; i+=1; continue
        m=re.match(r"'(\\.|[^\\'])'", line[i:])
        if m: i+=len(m.group(0)); continue
        out.append(c); i+=1
    return ''.join(out)
found=[]
for dp,_,fs in os.walk(root):
    for f in sorted(fs):
        if not f.endswith('.rs'): continue
        p=os.path.join(dp,f); lines=open(p).read().split('\n')
        if len(lines)-1 > 400: print(f"FILE {p}: {len(lines)-1} lines"); found.append(p)
        state={'block':False,'str':False}; stack=[]; depth=0
        for n,l in enumerate(lines,1):
            m=FN.match(l) if not state['block'] and not state['str'] else None
            code=strip(l,state)
            if m and '{' in code:
                stack.append((m.group(7),n,depth))
            for c in code:
                if c=='{': depth+=1
                elif c=='}':
                    depth-=1
                    if stack and depth==stack[-1][2]:
                        name,start,_=stack.pop(); ln=n-start+1
                        if ln>80: print(f"FN {p}:{start} {name}: {ln} lines"); found.append(p)
            if m and '{' not in code and not code.rstrip().endswith(';'):
                # signature over several lines: the body opens later
                stack.append((m.group(7),n,depth))
sys.exit(1 if found else 0)
