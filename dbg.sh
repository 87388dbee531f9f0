f=$(/opt/gcc/bin/g++ -print-file-name=libstdc++.so); echo "lib: $f"; ls -la $f; file -L $f; head -c 400 $f | strings | head
/opt/gcc/bin/g++ --version | head -1; /opt/gcc/bin/g++ -dumpspecs | grep -A2 -i "stdc\|link_gcc\|^\*link:" | head -20
cd build-dev
cmd=$(ninja -t commands tests/core_test_io_safetensors | tail -1); cmd=${cmd#: && }; cmd=${cmd% && :}
eval "$cmd -Wl,--trace" 2>&1 | grep -E "stdc" | head
cmd2=$(echo "$cmd" | sed 's#-lstdc++#/lib/x86_64-linux-gnu/libstdc++.so.6#; s#-o tests/core_test_io_safetensors#-o /tmp/t2#')
eval "$cmd2" && readelf -d /tmp/t2 | grep NEEDED | head -3 && readelf --dyn-syms -W /tmp/t2 | grep remove_all && /tmp/t2 round_trip 2>&1 | tail -3
