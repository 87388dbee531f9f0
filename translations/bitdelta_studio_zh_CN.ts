<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>无法打开 %1 进行写入：%2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>剩余约 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min %2 s left</source>
        <translation>剩余约 %1 分 %2 秒</translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>剩余约 %1 小时 %2 分</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>相对误差</translation>
    </message>
    <message>
        <source>matrix</source>
        <translation>矩阵</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>No spectrum recorded</source>
        <translation>未记录奇异值谱</translation>
    </message>
    <message>
        <source>singular value</source>
        <translation>奇异值</translation>
    </message>
    <message>
        <source>explained variance</source>
        <translation>解释方差</translation>
    </message>
    <message>
        <source>cumulative explained variance</source>
        <translation>累计解释方差</translation>
    </message>
    <message>
        <source>low-rank baseline ranks</source>
        <translation>低秩基线的秩</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>r = %1</source>
        <translation>r = %1</translation>
    </message>
    <message>
        <source>No matrices</source>
        <translation>没有矩阵</translation>
    </message>
    <message>
        <source>initial (mean |Δ|)</source>
        <translation>初始（|Δ| 均值）</translation>
    </message>
    <message>
        <source>distilled</source>
        <translation>蒸馏后</translation>
    </message>
    <message>
        <source>scale α</source>
        <translation>缩放因子 α</translation>
    </message>
    <message>
        <source>matrices</source>
        <translation>矩阵数</translation>
    </message>
    <message>
        <source>%1 L%2</source>
        <translation>%1 L%2</translation>
    </message>
    <message>
        <source>No Δ histogram recorded</source>
        <translation>未记录 Δ 直方图</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Δ 值</translation>
    </message>
    <message>
        <source>Δ value</source>
        <translation>Δ 值</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重数</translation>
    </message>
    <message>
        <source>+α</source>
        <translation>+α</translation>
    </message>
    <message>
        <source>−α</source>
        <translation>−α</translation>
    </message>
    <message>
        <source>Scales were not distilled</source>
        <translation>缩放因子未经蒸馏</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>logit 均方误差</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>No low-rank baseline</source>
        <translation>无低秩基线</translation>
    </message>
    <message>
        <source>rank-r SVD</source>
        <translation>秩 r SVD</translation>
    </message>
    <message>
        <source>rank r</source>
        <translation>秩 r</translation>
    </message>
    <message>
        <source>1-bit: %1</source>
        <translation>1 位：%1</translation>
    </message>
    <message>
        <source>same storage</source>
        <translation>相同存储</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>%1 k</source>
        <translation>%1 k</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatPage</name>
    <message>
        <source>%1 %2%</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <source>No base model loaded.</source>
        <translation>未加载基座模型。</translation>
    </message>
    <message>
        <source>Where the engine runs: auto uses the GPU when there is one.</source>
        <translation>引擎运行的位置：auto 表示有 GPU 时使用 GPU。</translation>
    </message>
    <message>
        <source>Load base…</source>
        <translation>加载基座…</translation>
    </message>
    <message>
        <source>Choose the base checkpoint every package is applied to.</source>
        <translation>选择所有包都要应用到的基座检查点。</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Packages attached to the base; each adds only its 1-bit signs and scales.</source>
        <translation>挂载到基座上的包；每个包只增加其 1 位符号和缩放因子。</translation>
    </message>
    <message>
        <source>Attach package…</source>
        <translation>挂载包…</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>卸载</translation>
    </message>
    <message>
        <source>Base pane</source>
        <translation>基座窗格</translation>
    </message>
    <message>
        <source>Also answer with the base model, to compare with the fine-tunes.</source>
        <translation>同时用基座模型回答，以便与微调模型对比。</translation>
    </message>
    <message>
        <source>Send to every pane, or to one.</source>
        <translation>发送到所有窗格，或其中一个。</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Return sends, Esc stops)</source>
        <translation>问点什么…（Ctrl+Enter 发送，Esc 停止）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send to the chosen panes (Ctrl+Return).</source>
        <translation>发送到所选窗格（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop every answer being generated (Esc).</source>
        <translation>停止所有正在生成的回答（Esc）。</translation>
    </message>
    <message>
        <source>Choose the base checkpoint</source>
        <translation>选择基座检查点</translation>
    </message>
    <message>
        <source>Choose a .bitdelta package</source>
        <translation>选择 .bitdelta 包</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Base: &lt;b&gt;%1&lt;/b&gt; on %2</source>
        <translation>基座：&lt;b&gt;%1&lt;/b&gt;，运行于 %2</translation>
    </message>
    <message>
        <source>Base model loaded on %1</source>
        <translation>基座模型已加载到 %1</translation>
    </message>
    <message>
        <source>No base model</source>
        <translation>没有基座模型</translation>
    </message>
    <message>
        <source>Load the base model before attaching %1.</source>
        <translation>请先加载基座模型，再挂载 %1。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Attached %1</source>
        <translation>已挂载 %1</translation>
    </message>
    <message>
        <source>Chat engine error</source>
        <translation>对话引擎错误</translation>
    </message>
    <message>
        <source>All panes</source>
        <translation>所有窗格</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatPane</name>
    <message>
        <source>Generated tokens per second of the last answer.</source>
        <translation>上一次回答每秒生成的 token 数。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System prompt and sampling for this pane.</source>
        <translation>此窗格的系统提示词和采样设置。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Forget this pane&apos;s conversation.</source>
        <translation>清除此窗格的对话。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the transcript as Markdown or JSON.</source>
        <translation>将对话记录保存为 Markdown 或 JSON。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>系统：</translation>
    </message>
    <message>
        <source>0 picks the most likely token every time (greedy).</source>
        <translation>0 表示每次都选概率最高的 token（贪心解码）。</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities sum to p.</source>
        <translation>只从累计概率达到 p 的最可能 token 中采样。</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens; 0 means no limit.</source>
        <translation>只从概率最高的 k 个 token 中采样；0 表示不限制。</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens.</source>
        <translation>回答达到此 token 数后停止。</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>最大 token 数：</translation>
    </message>
    <message>
        <source>Run to the token limit</source>
        <translation>生成到 token 上限</translation>
    </message>
    <message>
        <source>Keep generating past the end-of-sequence token, so every pane answers with Max tokens and their tokens/s compare at equal lengths.</source>
        <translation>越过序列结束 token 继续生成，使每个窗格都生成到最大 token 数，从而在相同长度下比较每秒 token 数。</translation>
    </message>
    <message>
        <source>thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tok/s</source>
        <translation>%1 个 token，%2 tok/s</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>stopped after %1 tokens</source>
        <translation>在 %1 个 token 后停止</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>生成失败</translation>
    </message>
    <message>
        <source>%1 could not answer:
%2</source>
        <translation>%1 无法回答：
%2</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Answers from %1 appear here.</source>
        <translation>%1 的回答将显示在这里。</translation>
    </message>
    <message>
        <source># Chat with %1</source>
        <translation># 与 %1 的对话</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>无法打开 %1 进行写入：%2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>导出对话记录</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatWorker</name>
    <message>
        <source>Could not load the base model from %1:
%2</source>
        <translation>无法从 %1 加载基座模型：
%2</translation>
    </message>
    <message>
        <source>Load a base model before attaching %1.</source>
        <translation>请先加载一个基座模型，再挂载 %1。</translation>
    </message>
    <message>
        <source>Could not attach %1:
%2</source>
        <translation>无法挂载 %1：
%2</translation>
    </message>
    <message>
        <source>Could not detach %1:
%2</source>
        <translation>无法卸载 %1：
%2</translation>
    </message>
    <message>
        <source>No base model is loaded.</source>
        <translation>尚未加载基座模型。</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CheckpointProbe</name>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>CPU (1 thread)</source>
        <translation>CPU（1 个线程）</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n threads)</source>
        <translation>
            <numerusform>CPU（%n 个线程）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CompressPage</name>
    <message>
        <source>Base model</source>
        <translation>基座模型</translation>
    </message>
    <message>
        <source>Drop the base checkpoint folder here.</source>
        <translation>将基座检查点文件夹拖放到这里。</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调模型</translation>
    </message>
    <message>
        <source>Drop the fine-tuned checkpoint folder here.</source>
        <translation>将微调检查点文件夹拖放到这里。</translation>
    </message>
    <message>
        <source>Choose a base and a fine-tune of the same architecture.</source>
        <translation>请选择架构相同的基座模型和微调模型。</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>Write the fine-tune as 1-bit signs plus one scale per matrix (Ctrl+Return).</source>
        <translation>将微调模型写成 1 位符号，外加每个矩阵一个缩放因子（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the compression; nothing is written (Esc).</source>
        <translation>停止压缩；不会写入任何内容（Esc）。</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Scale distillation loss</source>
        <translation>缩放因子蒸馏损失</translation>
    </message>
    <message>
        <source>Mean squared difference between the fine-tune&apos;s and the compressed model&apos;s logits at each distillation step; lower is better.</source>
        <translation>每个蒸馏步中微调模型与压缩模型 logits 之间的均方差；越低越好。</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>logit 均方误差</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>self (sequences sampled from the fine-tune)</source>
        <translation>self（从微调模型采样的序列）</translation>
    </message>
    <message>
        <source>Text the scales are distilled on: a .txt or .jsonl file, or empty to sample sequences from the fine-tune itself.</source>
        <translation>用于蒸馏缩放因子的文本：.txt 或 .jsonl 文件；留空则从微调模型自身采样序列。</translation>
    </message>
    <message>
        <source>Calibration text:</source>
        <translation>校准文本：</translation>
    </message>
    <message>
        <source>Calibration text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <source>Text (*.txt *.jsonl);;All files (*)</source>
        <translation>文本 (*.txt *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Distillation steps; 0 keeps every scale at mean |delta|.</source>
        <translation>蒸馏步数；0 表示所有缩放因子保持为 |delta| 的均值。</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>AdamW learning rate, annealed to zero with a cosine schedule.</source>
        <translation>AdamW 学习率，按余弦调度退火到零。</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Calibration sequences per distillation step.</source>
        <translation>每个蒸馏步使用的校准序列数。</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Tokens per calibration sequence.</source>
        <translation>每个校准序列的 token 数。</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>序列长度：</translation>
    </message>
    <message>
        <source>Seed for calibration sampling; the same seed gives the same package.</source>
        <translation>校准采样的随机种子；相同的种子生成相同的包。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Where to compute: auto uses the GPU when there is one.</source>
        <translation>计算位置：auto 表示有 GPU 时使用 GPU。</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Compute precision: auto is bf16 on a GPU and fp32 on the CPU.</source>
        <translation>计算精度：auto 在 GPU 上为 bf16，在 CPU 上为 fp32。</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>optional held-out text</source>
        <translation>可选的留出文本</translation>
    </message>
    <message>
        <source>Held-out .txt/.jsonl on which base, fine-tune and compressed losses are measured for the report.</source>
        <translation>留出的 .txt/.jsonl，用于为报告测量基座、微调模型和压缩模型的损失。</translation>
    </message>
    <message>
        <source>Evaluation text:</source>
        <translation>评估文本：</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>评估文本</translation>
    </message>
    <message>
        <source>The package folder to write (NAME.bitdelta).</source>
        <translation>要写入的包文件夹（名称.bitdelta）。</translation>
    </message>
    <message>
        <source>Output package:</source>
        <translation>输出包：</translation>
    </message>
    <message>
        <source>Output package</source>
        <translation>输出包</translation>
    </message>
    <message>
        <source>BitDelta package (*.bitdelta)</source>
        <translation>BitDelta 包 (*.bitdelta)</translation>
    </message>
    <message>
        <source>Not a usable base model</source>
        <translation>不是可用的基座模型</translation>
    </message>
    <message>
        <source>Not a usable fine-tune</source>
        <translation>不是可用的微调模型</translation>
    </message>
    <message>
        <source>%1 cannot be used:
%2</source>
        <translation>%1 无法使用：
%2</translation>
    </message>
    <message>
        <source>Checking that the two checkpoints match…</source>
        <translation>正在检查两个检查点是否匹配…</translation>
    </message>
    <message>
        <source>✔ The fine-tune matches the base (%1, %2 parameters).</source>
        <translation>✔ 微调模型与基座匹配（%1，%2 参数）。</translation>
    </message>
    <message>
        <source>✘ These checkpoints do not form a pair: %1</source>
        <translation>✘ 这两个检查点不构成一对：%1</translation>
    </message>
    <message>
        <source>Checkpoints do not match</source>
        <translation>检查点不匹配</translation>
    </message>
    <message>
        <source>The fine-tune was not made from this base:
%1</source>
        <translation>该微调模型并非基于此基座训练：
%1</translation>
    </message>
    <message>
        <source>No output package</source>
        <translation>没有输出包</translation>
    </message>
    <message>
        <source>Choose where to write the package.</source>
        <translation>请选择包的写入位置。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Compressing %1…</source>
        <translation>正在压缩 %1…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>%1: %p%</source>
        <translation>%1：%p%</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Compressed into %1</source>
        <translation>已压缩为 %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Compression was cancelled; nothing was written.</source>
        <translation>压缩已取消；未写入任何内容。</translation>
    </message>
    <message>
        <source>Compression cancelled</source>
        <translation>压缩已取消</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Compression failed</source>
        <translation>压缩失败</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::DropZone</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Pick a Hugging Face checkpoint folder (config.json + safetensors).</source>
        <translation>选择一个 Hugging Face 检查点文件夹（config.json + safetensors）。</translation>
    </message>
    <message>
        <source>Reading the checkpoint…</source>
        <translation>正在读取检查点…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>%1 layers, hidden %2, %3 heads (%4 KV)</source>
        <translation>%1 层，隐藏维度 %2，%3 个注意力头（%4 个 KV 头）</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Recognised from config.json, the safetensors headers and the tokenizer files in this folder.</source>
        <translation>根据此文件夹中的 config.json、safetensors 头信息和分词器文件识别。</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>选择检查点文件夹</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::InspectPage</name>
    <message>
        <source>Open a .bitdelta package (Ctrl+O) or compress one.</source>
        <translation>打开一个 .bitdelta 包（Ctrl+O），或压缩生成一个。</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>与其对话</translation>
    </message>
    <message>
        <source>Attach this package in the Chat page.</source>
        <translation>在“对话”页面挂载此包。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save the rows shown in the table, with every diagnostic, as CSV.</source>
        <translation>将表格中显示的行连同所有诊断指标保存为 CSV。</translation>
    </message>
    <message>
        <source>Gain kept = (L_base − L_compressed) / (L_base − L_fine-tune): the share of the fine-tune&apos;s improvement over the base that the 1-bit delta keeps.</source>
        <translation>保留增益 = (L_base − L_compressed) / (L_base − L_fine-tune)：微调模型相对基座的改进中被 1 位增量保留下来的比例。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Filter matrices (name, layer, kind…)</source>
        <translation>筛选矩阵（名称、层、类型…）</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>Fidelity by layer</source>
        <translation>各层保真度</translation>
    </message>
    <message>
        <source>Relative error ‖Δ − α·sign(Δ)‖/‖Δ‖ of every matrix, layers by kind; red cells are the weakest. Click a cell to select it.</source>
        <translation>每个矩阵的相对误差 ‖Δ − α·sign(Δ)‖/‖Δ‖，按层和类型排列；红色单元格最弱。点击单元格即可选中。</translation>
    </message>
    <message>
        <source>Distillation loss</source>
        <translation>蒸馏损失</translation>
    </message>
    <message>
        <source>Logit MSE between fine-tune and compressed model at each step of scale distillation.</source>
        <translation>缩放因子蒸馏每一步中微调模型与压缩模型之间的 logit 均方误差。</translation>
    </message>
    <message>
        <source>Δ spectrum</source>
        <translation>Δ 奇异值谱</translation>
    </message>
    <message>
        <source>Singular values of the selected matrix&apos;s Δ and the cumulative share of ‖Δ‖² they explain; red points are the low-rank baseline&apos;s ranks.</source>
        <translation>所选矩阵 Δ 的奇异值及其解释的 ‖Δ‖² 累计占比；红点为低秩基线所用的秩。</translation>
    </message>
    <message>
        <source>Low-rank baseline</source>
        <translation>低秩基线</translation>
    </message>
    <message>
        <source>Relative error of a rank-r SVD of Δ against the 1-bit delta&apos;s error (dashed); the dotted line is the rank with the same storage.</source>
        <translation>Δ 的秩 r SVD 的相对误差与 1 位增量误差（虚线）的对比；点线表示存储量相同的秩。</translation>
    </message>
    <message>
        <source>Scales across the model</source>
        <translation>全模型的缩放因子</translation>
    </message>
    <message>
        <source>Histogram of every matrix&apos;s α before (mean |Δ|) and after distillation; the line marks the selected matrix.</source>
        <translation>各矩阵 α 在蒸馏前（|Δ| 均值）和蒸馏后的直方图；竖线标出所选矩阵。</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Δ 值</translation>
    </message>
    <message>
        <source>Histogram of the selected matrix&apos;s Δ entries; every entry is replaced by +α or −α (solid: distilled, dashed: initial).</source>
        <translation>所选矩阵 Δ 元素的直方图；每个元素都被替换为 +α 或 −α（实线：蒸馏后，虚线：初始）。</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Cannot open package</source>
        <translation>无法打开包</translation>
    </message>
    <message>
        <source>%1 cannot be opened:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 (%n matrices)</source>
        <translation>
            <numerusform>已打开 %1（%n 个矩阵）</numerusform>
        </translation>
    </message>
    <message>
        <source> — layer %1 %2</source>
        <translation> — 第 %1 层 %2</translation>
    </message>
    <message>
        <source>Δ spectrum%1</source>
        <translation>Δ 奇异值谱%1</translation>
    </message>
    <message>
        <source>Low-rank baseline%1</source>
        <translation>低秩基线%1</translation>
    </message>
    <message>
        <source>Δ values%1</source>
        <translation>Δ 值%1</translation>
    </message>
    <message>
        <source>No package open.</source>
        <translation>未打开任何包。</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基座</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调模型</translation>
    </message>
    <message>
        <source>Compressed matrices</source>
        <translation>已压缩矩阵</translation>
    </message>
    <message>
        <source>Fine-tune size (fp16)</source>
        <translation>微调模型大小（fp16）</translation>
    </message>
    <message>
        <source>Package size</source>
        <translation>包大小</translation>
    </message>
    <message>
        <source>Memory saved per fine-tune</source>
        <translation>每个微调模型节省的内存</translation>
    </message>
    <message>
        <source>%1 (%2× smaller)</source>
        <translation>%1（缩小为 1/%2）</translation>
    </message>
    <message>
        <source>Signs / scales / kept tensors</source>
        <translation>符号 / 缩放因子 / 保留的张量</translation>
    </message>
    <message>
        <source>%1 / %2 / %3</source>
        <translation>%1 / %2 / %3</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Distillation</source>
        <translation>蒸馏</translation>
    </message>
    <message>
        <source>%1 steps, loss %2 → %3 in %4 s</source>
        <translation>%1 步，损失 %2 → %3，耗时 %4 秒</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>评估文本</translation>
    </message>
    <message>
        <source>Loss: base / fine-tune</source>
        <translation>损失：基座 / 微调模型</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Loss: compressed (initial → distilled)</source>
        <translation>损失：压缩模型（初始 → 蒸馏后）</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Gain kept</source>
        <translation>保留增益</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Rank-16 SVD: loss / gain kept</source>
        <translation>秩 16 SVD：损失 / 保留增益</translation>
    </message>
    <message>
        <source>%1 / %2 %</source>
        <translation>%1 / %2%</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>layer %1 %2: relative error %3</source>
        <translation>第 %1 层 %2：相对误差 %3</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MainWindow</name>
    <message>
        <source>BitDelta Studio</source>
        <translation>BitDelta Studio</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>Compress a fine-tune into a 1-bit delta (Ctrl+1)</source>
        <translation>将微调模型压缩为 1 位增量（Ctrl+1）</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检视</translation>
    </message>
    <message>
        <source>Inspect a package&apos;s diagnostics (Ctrl+2)</source>
        <translation>检视包的诊断指标（Ctrl+2）</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Chat with several fine-tunes over one base (Ctrl+3)</source>
        <translation>在同一基座上与多个微调模型对话（Ctrl+3）</translation>
    </message>
    <message>
        <source>Device: detecting…</source>
        <translation>设备：检测中…</translation>
    </message>
    <message>
        <source>Where compression and chat compute by default.</source>
        <translation>压缩和对话默认使用的计算设备。</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Package…</source>
        <translation>打开包(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Choose &amp;Base…</source>
        <translation>选择基座(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose &amp;Fine-tune…</source>
        <translation>选择微调模型(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Compress</source>
        <translation>压缩(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>检视(&amp;I)</translation>
    </message>
    <message>
        <source>C&amp;hat</source>
        <translation>对话(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language takes effect when BitDelta Studio is restarted.</source>
        <translation>新语言将在重新启动 BitDelta Studio 后生效。</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Compress / Send</source>
        <translation>压缩 / 发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About BitDelta Studio</source>
        <translation>关于 BitDelta Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About BitDelta Studio</source>
        <translation>关于 BitDelta Studio</translation>
    </message>
    <message>
        <source>BitDelta Studio compresses fine-tuned language models to 1-bit deltas over their base (Liu et al., 2024) and serves many of them over one base model.</source>
        <translation>BitDelta Studio 将微调后的语言模型压缩为相对其基座的 1 位增量（Liu 等，2024），并在同一个基座模型上同时服务其中的多个模型。</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Open a .bitdelta package</source>
        <translation>打开 .bitdelta 包</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MatrixTableModel</name>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>矩阵</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>‖Δ‖</source>
        <translation>‖Δ‖</translation>
    </message>
    <message>
        <source>α initial</source>
        <translation>初始 α</translation>
    </message>
    <message>
        <source>α distilled</source>
        <translation>蒸馏后 α</translation>
    </message>
    <message>
        <source>Rel. error (initial)</source>
        <translation>相对误差（初始）</translation>
    </message>
    <message>
        <source>Rel. error</source>
        <translation>相对误差</translation>
    </message>
    <message>
        <source>cos(Δ, sign Δ)</source>
        <translation>cos(Δ, sign Δ)</translation>
    </message>
    <message>
        <source>SVD rank</source>
        <translation>SVD 秩</translation>
    </message>
    <message>
        <source>SVD error</source>
        <translation>SVD 误差</translation>
    </message>
    <message>
        <source>Output error</source>
        <translation>输出误差</translation>
    </message>
    <message>
        <source>The weight&apos;s name in the Hugging Face checkpoint.</source>
        <translation>该权重在 Hugging Face 检查点中的名称。</translation>
    </message>
    <message>
        <source>Decoder layer the matrix belongs to.</source>
        <translation>该矩阵所属的解码器层。</translation>
    </message>
    <message>
        <source>Which projection of the layer this matrix is.</source>
        <translation>该矩阵是本层的哪个投影。</translation>
    </message>
    <message>
        <source>Output × input size of the matrix.</source>
        <translation>矩阵的尺寸（输出 × 输入）。</translation>
    </message>
    <message>
        <source>Frobenius norm of the fine-tune&apos;s change Δ = W_ft − W_base.</source>
        <translation>微调带来的变化 Δ = W_ft − W_base 的 Frobenius 范数。</translation>
    </message>
    <message>
        <source>Scale before distillation: mean |Δ|, the L2-optimal value.</source>
        <translation>蒸馏前的缩放因子：|Δ| 的均值，即 L2 意义下的最优值。</translation>
    </message>
    <message>
        <source>Scale after distillation on calibration text.</source>
        <translation>在校准文本上蒸馏后的缩放因子。</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the initial scale.</source>
        <translation>使用初始缩放因子时的 ‖Δ − α·sign(Δ)‖ / ‖Δ‖。</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the distilled scale; lower is better.</source>
        <translation>使用蒸馏后缩放因子时的 ‖Δ − α·sign(Δ)‖ / ‖Δ‖；越低越好。</translation>
    </message>
    <message>
        <source>Cosine similarity between Δ and its sign pattern; 1 means the signs capture Δ&apos;s direction fully.</source>
        <translation>Δ 与其符号模式之间的余弦相似度；1 表示符号完全捕捉了 Δ 的方向。</translation>
    </message>
    <message>
        <source>Rank of an fp16 SVD approximation that takes at least the 1-bit storage (the paper&apos;s low-rank baseline).</source>
        <translation>存储占用不少于 1 位表示的 fp16 SVD 近似的秩（论文中的低秩基线）。</translation>
    </message>
    <message>
        <source>Relative error of that rank-r SVD approximation of Δ.</source>
        <translation>该秩 r SVD 对 Δ 近似的相对误差。</translation>
    </message>
    <message>
        <source>Relative error of the layer&apos;s output on calibration activations when Δ is replaced by α·sign(Δ).</source>
        <translation>将 Δ 替换为 α·sign(Δ) 时，该层在校准激活上输出的相对误差。</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MemoryBar</name>
    <message>
        <source>Memory used by the shared base, by each attached fine-tune and by the KV cache.</source>
        <translation>共享基座、每个已挂载的微调模型以及 KV 缓存占用的内存。</translation>
    </message>
    <message>
        <source>base</source>
        <translation>基座</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU 显存</translation>
    </message>
    <message>
        <source>host memory</source>
        <translation>主机内存</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::PlotView</name>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf);;SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write the plot to %1.</source>
        <translation>无法将图表写入 %1。</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Export as PNG, PDF or SVG…</source>
        <translation>导出为 PNG、PDF 或 SVG…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Compress fine-tuned language models to 1-bit deltas, inspect them and chat with many over one base.</source>
        <translation>将微调后的语言模型压缩为 1 位增量，检视它们，并在同一基座上与多个模型对话。</translation>
    </message>
    <message>
        <source>Base checkpoint folder.</source>
        <translation>基座检查点文件夹。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Fine-tuned checkpoint folder.</source>
        <translation>微调检查点文件夹。</translation>
    </message>
    <message>
        <source>A .bitdelta package to inspect.</source>
        <translation>要检视的 .bitdelta 包。</translation>
    </message>
    <message>
        <source>PKG</source>
        <translation>包</translation>
    </message>
</context>
</TS>
