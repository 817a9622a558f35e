"""WebP (cwebp -m 4 -sharp_yuv) at fixed qualities (argv[1], comma list): SSIMULACRA2 / bits
a pixel for each photograph (argv[2:]); see README.md."""
import subprocess,os,sys
S=os.environ.get('FORMATS_BIN', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'target/release/formats'))
imgs=sys.argv[2:]; qs=[int(x) for x in sys.argv[1].split(',')]
for q in qs:
    row=[]
    for img in imgs:
        subprocess.run(['cwebp','-q',str(q),'-m','4','-sharp_yuv','-metadata','none',img,'-o','s.webp'],check=True,capture_output=True)
        subprocess.run(['dwebp','s.webp','-o','s.png'],check=True,capture_output=True)
        s=float(subprocess.check_output([S,img,'s.png'])); b=os.path.getsize('s.webp')
        w,h=map(int,subprocess.check_output(['identify','-format','%w %h',img]).split())
        row.append(f'{s:.1f}/{b*8/w/h:.2f}')
    print(q,' '.join(row),flush=True)
