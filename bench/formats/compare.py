"""Bisects each encoder's quality for the smallest file scoring at least the target
SSIMULACRA2 (argv[1]) on each photograph (argv[2:]); see README.md. Run it in a scratch folder."""
import subprocess, os, sys, time
W=os.getcwd(); S=os.environ.get('FORMATS_BIN', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'target/release/formats'))
def score(ref, out_png): return float(subprocess.check_output([S, ref, out_png]).decode())
def run(cmd): subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def enc(name, ref, q):
    o=f'{W}/o'; 
    t=time.time()
    if name=='webp': run(['cwebp','-q',str(q),'-m','4','-sharp_yuv','-metadata','none',ref,'-o',o+'.webp']); f=o+'.webp'; dt=time.time()-t; run(['dwebp',f,'-o',o+'.png'])
    elif name=='avif': qq=63-int(q*63/100); run(['avifenc','-s','6','-j','1','--min',str(qq),'--max',str(qq),ref,o+'.avif']); f=o+'.avif'; dt=time.time()-t; run(['avifdec',f,o+'.png'])
    elif name=='mozjpeg': run([S,'mozjpeg',ref,str(q),o+'.jpg']); f=o+'.jpg'; dt=time.time()-t; run(['convert',f,o+'.png'])
    elif name=='jpeg-turbo': run(['cjpeg','-quality',str(q),'-optimize','-progressive','-outfile',o+'.jpg',ref.replace('.png','.ppm')]); f=o+'.jpg'; dt=time.time()-t; run(['convert',f,o+'.png'])
    return os.path.getsize(f), score(ref,o+'.png'), dt
target=float(sys.argv[1]); imgs=sys.argv[2:]
for img in imgs:
    ref=img
    run(['convert',ref,ref.replace('.png','.ppm')])
    w,h=map(int,subprocess.check_output(['identify','-format','%w %h',ref]).split())
    for name in ['jpeg-turbo','mozjpeg','webp','avif']:
        lo,hi=30,100; best=None
        while hi-lo>1:
            mid=(lo+hi)//2
            b,s,dt=enc(name,ref,mid)
            if s>=target: hi=mid; best=(mid,b,s,dt)
            else: lo=mid
        if best is None: best=(100,)+enc(name,ref,100)
        q,b,s,dt=best
        print(f'{os.path.basename(ref)}\t{w}x{h}\t{name}\tq={q}\t{b}\t{b*8/(w*h):.2f}bpp\tssimu2={s:.1f}\t{dt*1000:.0f}ms', flush=True)
