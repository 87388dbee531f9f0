<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>%1 を書き込み用に開けませんでした: %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 を書き込めませんでした: %2</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>残り約 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min %2 s left</source>
        <translation>残り約 %1 分 %2 秒</translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>残り約 %1 時間 %2 分</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>相対誤差</translation>
    </message>
    <message>
        <source>matrix</source>
        <translation>行列</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>No spectrum recorded</source>
        <translation>スペクトルが記録されていません</translation>
    </message>
    <message>
        <source>singular value</source>
        <translation>特異値</translation>
    </message>
    <message>
        <source>explained variance</source>
        <translation>説明分散</translation>
    </message>
    <message>
        <source>cumulative explained variance</source>
        <translation>累積説明分散</translation>
    </message>
    <message>
        <source>low-rank baseline ranks</source>
        <translation>低ランクベースラインのランク</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>ランク</translation>
    </message>
    <message>
        <source>r = %1</source>
        <translation>r = %1</translation>
    </message>
    <message>
        <source>No matrices</source>
        <translation>行列がありません</translation>
    </message>
    <message>
        <source>initial (mean |Δ|)</source>
        <translation>初期値（|Δ| の平均）</translation>
    </message>
    <message>
        <source>distilled</source>
        <translation>蒸留後</translation>
    </message>
    <message>
        <source>scale α</source>
        <translation>スケール α</translation>
    </message>
    <message>
        <source>matrices</source>
        <translation>行列数</translation>
    </message>
    <message>
        <source>%1 L%2</source>
        <translation>%1 L%2</translation>
    </message>
    <message>
        <source>No Δ histogram recorded</source>
        <translation>Δ のヒストグラムが記録されていません</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Δ の値</translation>
    </message>
    <message>
        <source>Δ value</source>
        <translation>Δ の値</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>重み数</translation>
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
        <translation>スケールは蒸留されていません</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>ロジットの MSE</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>採用</translation>
    </message>
    <message>
        <source>No low-rank baseline</source>
        <translation>低ランクベースラインなし</translation>
    </message>
    <message>
        <source>rank-r SVD</source>
        <translation>ランク r の SVD</translation>
    </message>
    <message>
        <source>rank r</source>
        <translation>ランク r</translation>
    </message>
    <message>
        <source>1-bit: %1</source>
        <translation>1 ビット: %1</translation>
    </message>
    <message>
        <source>same storage</source>
        <translation>同じ記憶容量</translation>
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
        <translation>ベースモデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>Where the engine runs: auto uses the GPU when there is one.</source>
        <translation>エンジンの実行先: auto は GPU があれば GPU を使います。</translation>
    </message>
    <message>
        <source>Load base…</source>
        <translation>ベースを読み込む…</translation>
    </message>
    <message>
        <source>Choose the base checkpoint every package is applied to.</source>
        <translation>各パッケージを適用するベースのチェックポイントを選択します。</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>デバイス:</translation>
    </message>
    <message>
        <source>Packages attached to the base; each adds only its 1-bit signs and scales.</source>
        <translation>ベースに接続されたパッケージ。各パッケージが追加するのは 1 ビットの符号とスケールだけです。</translation>
    </message>
    <message>
        <source>Attach package…</source>
        <translation>パッケージを接続…</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>切り離す</translation>
    </message>
    <message>
        <source>Base pane</source>
        <translation>ベースのペイン</translation>
    </message>
    <message>
        <source>Also answer with the base model, to compare with the fine-tunes.</source>
        <translation>ファインチューン済みモデルと比べるため、ベースモデルでも回答します。</translation>
    </message>
    <message>
        <source>Send to every pane, or to one.</source>
        <translation>すべてのペインに送信するか、1 つを選びます。</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Return sends, Esc stops)</source>
        <translation>何か質問してください…（Ctrl+Enter で送信、Esc で停止）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Send to the chosen panes (Ctrl+Return).</source>
        <translation>選択したペインに送信します（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop every answer being generated (Esc).</source>
        <translation>生成中のすべての回答を停止します（Esc）。</translation>
    </message>
    <message>
        <source>Choose the base checkpoint</source>
        <translation>ベースのチェックポイントを選択</translation>
    </message>
    <message>
        <source>Choose a .bitdelta package</source>
        <translation>.bitdelta パッケージを選択</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 を読み込み中…</translation>
    </message>
    <message>
        <source>Base: &lt;b&gt;%1&lt;/b&gt; on %2</source>
        <translation>ベース: &lt;b&gt;%1&lt;/b&gt;（%2 上）</translation>
    </message>
    <message>
        <source>Base model loaded on %1</source>
        <translation>ベースモデルを %1 に読み込みました</translation>
    </message>
    <message>
        <source>No base model</source>
        <translation>ベースモデルがありません</translation>
    </message>
    <message>
        <source>Load the base model before attaching %1.</source>
        <translation>%1 を接続する前にベースモデルを読み込んでください。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Attached %1</source>
        <translation>%1 を接続しました</translation>
    </message>
    <message>
        <source>Chat engine error</source>
        <translation>チャットエンジンのエラー</translation>
    </message>
    <message>
        <source>All panes</source>
        <translation>すべてのペイン</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatPane</name>
    <message>
        <source>Generated tokens per second of the last answer.</source>
        <translation>直前の回答で 1 秒あたりに生成されたトークン数。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>System prompt and sampling for this pane.</source>
        <translation>このペインのシステムプロンプトとサンプリング設定。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>Forget this pane&apos;s conversation.</source>
        <translation>このペインの会話を消去します。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>Save the transcript as Markdown or JSON.</source>
        <translation>会話ログを Markdown または JSON で保存します。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>システムプロンプト（任意）</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>システム:</translation>
    </message>
    <message>
        <source>0 picks the most likely token every time (greedy).</source>
        <translation>0 にすると毎回最も確率の高いトークンを選びます（貪欲法）。</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度:</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities sum to p.</source>
        <translation>確率の合計が p になるまでの、最も確率の高いトークンだけからサンプリングします。</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens; 0 means no limit.</source>
        <translation>確率の高い上位 k 個のトークンだけからサンプリングします。0 は無制限です。</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens.</source>
        <translation>回答はこのトークン数で打ち切られます。</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>最大トークン数:</translation>
    </message>
    <message>
        <source>Run to the token limit</source>
        <translation>トークン上限まで生成</translation>
    </message>
    <message>
        <source>Keep generating past the end-of-sequence token, so every pane answers with Max tokens and their tokens/s compare at equal lengths.</source>
        <translation>シーケンス終了トークンを越えて生成を続けます。すべてのペインが最大トークン数まで答えるので、同じ長さでトークン/秒を比較できます。</translation>
    </message>
    <message>
        <source>thinking…</source>
        <translation>考え中…</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tok/s</source>
        <translation>%1 トークン、%2 tok/s</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>stopped after %1 tokens</source>
        <translation>%1 トークンで停止</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>生成に失敗しました</translation>
    </message>
    <message>
        <source>%1 could not answer:
%2</source>
        <translation>%1 は回答できませんでした:
%2</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Answers from %1 appear here.</source>
        <translation>%1 の回答がここに表示されます。</translation>
    </message>
    <message>
        <source># Chat with %1</source>
        <translation># %1 とのチャット</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>Could not open %1 for writing: %2</source>
        <translation>%1 を書き込み用に開けませんでした: %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 を書き込めませんでした: %2</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>会話ログをエクスポート</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::ChatWorker</name>
    <message>
        <source>Could not load the base model from %1:
%2</source>
        <translation>%1 からベースモデルを読み込めませんでした:
%2</translation>
    </message>
    <message>
        <source>Load a base model before attaching %1.</source>
        <translation>%1 を接続する前にベースモデルを読み込んでください。</translation>
    </message>
    <message>
        <source>Could not attach %1:
%2</source>
        <translation>%1 を接続できませんでした:
%2</translation>
    </message>
    <message>
        <source>Could not detach %1:
%2</source>
        <translation>%1 を切り離せませんでした:
%2</translation>
    </message>
    <message>
        <source>No base model is loaded.</source>
        <translation>ベースモデルが読み込まれていません。</translation>
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
        <translation>CPU（1 スレッド）</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n threads)</source>
        <translation>
            <numerusform>CPU（%n スレッド）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::CompressPage</name>
    <message>
        <source>Base model</source>
        <translation>ベースモデル</translation>
    </message>
    <message>
        <source>Drop the base checkpoint folder here.</source>
        <translation>ベースのチェックポイントフォルダーをここにドロップしてください。</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>ファインチューン済みモデル</translation>
    </message>
    <message>
        <source>Drop the fine-tuned checkpoint folder here.</source>
        <translation>ファインチューン済みチェックポイントのフォルダーをここにドロップしてください。</translation>
    </message>
    <message>
        <source>Choose a base and a fine-tune of the same architecture.</source>
        <translation>同じアーキテクチャのベースとファインチューン済みモデルを選択してください。</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>圧縮</translation>
    </message>
    <message>
        <source>Write the fine-tune as 1-bit signs plus one scale per matrix (Ctrl+Return).</source>
        <translation>ファインチューン済みモデルを、1 ビットの符号と行列ごとに 1 つのスケールとして書き出します（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stop the compression; nothing is written (Esc).</source>
        <translation>圧縮を中止します。何も書き込まれません（Esc）。</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Scale distillation loss</source>
        <translation>スケール蒸留の損失</translation>
    </message>
    <message>
        <source>Mean squared difference between the fine-tune&apos;s and the compressed model&apos;s logits at each distillation step; lower is better.</source>
        <translation>各蒸留ステップにおける、ファインチューン済みモデルと圧縮モデルのロジットの平均二乗差。低いほど良好です。</translation>
    </message>
    <message>
        <source>logit MSE</source>
        <translation>ロジットの MSE</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>self (sequences sampled from the fine-tune)</source>
        <translation>self（ファインチューン済みモデルからサンプリングした系列）</translation>
    </message>
    <message>
        <source>Text the scales are distilled on: a .txt or .jsonl file, or empty to sample sequences from the fine-tune itself.</source>
        <translation>スケールの蒸留に使うテキスト: .txt または .jsonl ファイル。空にするとファインチューン済みモデル自身から系列をサンプリングします。</translation>
    </message>
    <message>
        <source>Calibration text:</source>
        <translation>キャリブレーション用テキスト:</translation>
    </message>
    <message>
        <source>Calibration text</source>
        <translation>キャリブレーション用テキスト</translation>
    </message>
    <message>
        <source>Text (*.txt *.jsonl);;All files (*)</source>
        <translation>テキスト (*.txt *.jsonl);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Distillation steps; 0 keeps every scale at mean |delta|.</source>
        <translation>蒸留ステップ数。0 にするとすべてのスケールが |delta| の平均のままになります。</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>ステップ数:</translation>
    </message>
    <message>
        <source>AdamW learning rate, annealed to zero with a cosine schedule.</source>
        <translation>AdamW の学習率。コサインスケジュールでゼロまで減衰させます。</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学習率:</translation>
    </message>
    <message>
        <source>Calibration sequences per distillation step.</source>
        <translation>蒸留ステップごとのキャリブレーション系列数。</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>バッチサイズ:</translation>
    </message>
    <message>
        <source>Tokens per calibration sequence.</source>
        <translation>キャリブレーション系列あたりのトークン数。</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>系列長:</translation>
    </message>
    <message>
        <source>Seed for calibration sampling; the same seed gives the same package.</source>
        <translation>キャリブレーションのサンプリングに使うシード。同じシードなら同じパッケージになります。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>シード:</translation>
    </message>
    <message>
        <source>Where to compute: auto uses the GPU when there is one.</source>
        <translation>計算の実行先: auto は GPU があれば GPU を使います。</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>デバイス:</translation>
    </message>
    <message>
        <source>Compute precision: auto is bf16 on a GPU and fp32 on the CPU.</source>
        <translation>計算精度: auto は GPU では bf16、CPU では fp32 です。</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度:</translation>
    </message>
    <message>
        <source>optional held-out text</source>
        <translation>任意のホールドアウトテキスト</translation>
    </message>
    <message>
        <source>Held-out .txt/.jsonl on which base, fine-tune and compressed losses are measured for the report.</source>
        <translation>レポート用に、ベース・ファインチューン済み・圧縮の各モデルの損失を測定するホールドアウトの .txt/.jsonl。</translation>
    </message>
    <message>
        <source>Evaluation text:</source>
        <translation>評価用テキスト:</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>評価用テキスト</translation>
    </message>
    <message>
        <source>The package folder to write (NAME.bitdelta).</source>
        <translation>書き出すパッケージフォルダー（名前.bitdelta）。</translation>
    </message>
    <message>
        <source>Output package:</source>
        <translation>出力パッケージ:</translation>
    </message>
    <message>
        <source>Output package</source>
        <translation>出力パッケージ</translation>
    </message>
    <message>
        <source>BitDelta package (*.bitdelta)</source>
        <translation>BitDelta パッケージ (*.bitdelta)</translation>
    </message>
    <message>
        <source>Not a usable base model</source>
        <translation>使用できるベースモデルではありません</translation>
    </message>
    <message>
        <source>Not a usable fine-tune</source>
        <translation>使用できるファインチューン済みモデルではありません</translation>
    </message>
    <message>
        <source>%1 cannot be used:
%2</source>
        <translation>%1 は使用できません:
%2</translation>
    </message>
    <message>
        <source>Checking that the two checkpoints match…</source>
        <translation>2 つのチェックポイントが対応しているか確認中…</translation>
    </message>
    <message>
        <source>✔ The fine-tune matches the base (%1, %2 parameters).</source>
        <translation>✔ ファインチューン済みモデルはベースと一致しています（%1、パラメーター数 %2）。</translation>
    </message>
    <message>
        <source>✘ These checkpoints do not form a pair: %1</source>
        <translation>✘ これらのチェックポイントは対になっていません: %1</translation>
    </message>
    <message>
        <source>Checkpoints do not match</source>
        <translation>チェックポイントが一致しません</translation>
    </message>
    <message>
        <source>The fine-tune was not made from this base:
%1</source>
        <translation>このファインチューン済みモデルはこのベースから作られていません:
%1</translation>
    </message>
    <message>
        <source>No output package</source>
        <translation>出力パッケージがありません</translation>
    </message>
    <message>
        <source>Choose where to write the package.</source>
        <translation>パッケージの書き出し先を選択してください。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <source>Compressing %1…</source>
        <translation>%1 を圧縮中…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <source>%1: %p%</source>
        <translation>%1: %p%</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 を書き出しました</translation>
    </message>
    <message>
        <source>Compressed into %1</source>
        <translation>%1 に圧縮しました</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
    <message>
        <source>Compression was cancelled; nothing was written.</source>
        <translation>圧縮はキャンセルされました。何も書き込まれていません。</translation>
    </message>
    <message>
        <source>Compression cancelled</source>
        <translation>圧縮をキャンセルしました</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Compression failed</source>
        <translation>圧縮に失敗しました</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::DropZone</name>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Pick a Hugging Face checkpoint folder (config.json + safetensors).</source>
        <translation>Hugging Face のチェックポイントフォルダー（config.json と safetensors）を選択します。</translation>
    </message>
    <message>
        <source>Reading the checkpoint…</source>
        <translation>チェックポイントを読み込み中…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>パラメーター数</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>%1 layers, hidden %2, %3 heads (%4 KV)</source>
        <translation>%1 層、隠れ次元 %2、%3 ヘッド（KV %4）</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>データ型</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>ディスク上のサイズ</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>トークナイザー</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>チャットテンプレート</translation>
    </message>
    <message>
        <source>Recognised from config.json, the safetensors headers and the tokenizer files in this folder.</source>
        <translation>このフォルダーの config.json、safetensors のヘッダー、トークナイザーのファイルから判別しました。</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>チェックポイントフォルダーを選択</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::InspectPage</name>
    <message>
        <source>Open a .bitdelta package (Ctrl+O) or compress one.</source>
        <translation>.bitdelta パッケージを開く（Ctrl+O）か、圧縮して作成してください。</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>チャットする</translation>
    </message>
    <message>
        <source>Attach this package in the Chat page.</source>
        <translation>このパッケージをチャットページで接続します。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV をエクスポート…</translation>
    </message>
    <message>
        <source>Save the rows shown in the table, with every diagnostic, as CSV.</source>
        <translation>表に表示されている行を、すべての診断値とともに CSV で保存します。</translation>
    </message>
    <message>
        <source>Gain kept = (L_base − L_compressed) / (L_base − L_fine-tune): the share of the fine-tune&apos;s improvement over the base that the 1-bit delta keeps.</source>
        <translation>改善の維持率 = (L_base − L_compressed) / (L_base − L_fine-tune): ファインチューニングによるベースからの改善のうち、1 ビットのデルタが維持している割合。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Filter matrices (name, layer, kind…)</source>
        <translation>行列を絞り込み（名前、層、種類…）</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>すべての種類</translation>
    </message>
    <message>
        <source>Fidelity by layer</source>
        <translation>層ごとの忠実度</translation>
    </message>
    <message>
        <source>Relative error ‖Δ − α·sign(Δ)‖/‖Δ‖ of every matrix, layers by kind; red cells are the weakest. Click a cell to select it.</source>
        <translation>各行列の相対誤差 ‖Δ − α·sign(Δ)‖/‖Δ‖ を層と種類ごとに表示します。赤いセルが最も弱い箇所です。セルをクリックすると選択できます。</translation>
    </message>
    <message>
        <source>Distillation loss</source>
        <translation>蒸留の損失</translation>
    </message>
    <message>
        <source>Logit MSE between fine-tune and compressed model at each step of scale distillation.</source>
        <translation>スケール蒸留の各ステップにおける、ファインチューン済みモデルと圧縮モデルのロジット MSE。</translation>
    </message>
    <message>
        <source>Δ spectrum</source>
        <translation>Δ のスペクトル</translation>
    </message>
    <message>
        <source>Singular values of the selected matrix&apos;s Δ and the cumulative share of ‖Δ‖² they explain; red points are the low-rank baseline&apos;s ranks.</source>
        <translation>選択した行列の Δ の特異値と、それらが説明する ‖Δ‖² の累積割合。赤い点は低ランクベースラインのランクです。</translation>
    </message>
    <message>
        <source>Low-rank baseline</source>
        <translation>低ランクベースライン</translation>
    </message>
    <message>
        <source>Relative error of a rank-r SVD of Δ against the 1-bit delta&apos;s error (dashed); the dotted line is the rank with the same storage.</source>
        <translation>Δ のランク r の SVD の相対誤差と 1 ビットデルタの誤差（破線）の比較。点線は同じ記憶容量になるランクです。</translation>
    </message>
    <message>
        <source>Scales across the model</source>
        <translation>モデル全体のスケール</translation>
    </message>
    <message>
        <source>Histogram of every matrix&apos;s α before (mean |Δ|) and after distillation; the line marks the selected matrix.</source>
        <translation>各行列の α の蒸留前（|Δ| の平均）と蒸留後のヒストグラム。線は選択した行列を示します。</translation>
    </message>
    <message>
        <source>Δ values</source>
        <translation>Δ の値</translation>
    </message>
    <message>
        <source>Histogram of the selected matrix&apos;s Δ entries; every entry is replaced by +α or −α (solid: distilled, dashed: initial).</source>
        <translation>選択した行列の Δ の要素のヒストグラム。各要素は +α か −α に置き換えられます（実線: 蒸留後、破線: 初期値）。</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 を開いています…</translation>
    </message>
    <message>
        <source>Cannot open package</source>
        <translation>パッケージを開けません</translation>
    </message>
    <message>
        <source>%1 cannot be opened:
%2</source>
        <translation>%1 を開けません:
%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 (%n matrices)</source>
        <translation>
            <numerusform>%1 を開きました（行列 %n 個）</numerusform>
        </translation>
    </message>
    <message>
        <source> — layer %1 %2</source>
        <translation> — 第 %1 層 %2</translation>
    </message>
    <message>
        <source>Δ spectrum%1</source>
        <translation>Δ のスペクトル%1</translation>
    </message>
    <message>
        <source>Low-rank baseline%1</source>
        <translation>低ランクベースライン%1</translation>
    </message>
    <message>
        <source>Δ values%1</source>
        <translation>Δ の値%1</translation>
    </message>
    <message>
        <source>No package open.</source>
        <translation>パッケージが開かれていません。</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>ベース</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>ファインチューン済みモデル</translation>
    </message>
    <message>
        <source>Compressed matrices</source>
        <translation>圧縮した行列</translation>
    </message>
    <message>
        <source>Fine-tune size (fp16)</source>
        <translation>ファインチューン済みモデルのサイズ（fp16）</translation>
    </message>
    <message>
        <source>Package size</source>
        <translation>パッケージのサイズ</translation>
    </message>
    <message>
        <source>Memory saved per fine-tune</source>
        <translation>ファインチューン済みモデル 1 つあたりの節約メモリ</translation>
    </message>
    <message>
        <source>%1 (%2× smaller)</source>
        <translation>%1（%2 分の 1）</translation>
    </message>
    <message>
        <source>Signs / scales / kept tensors</source>
        <translation>符号 / スケール / そのまま保持するテンソル</translation>
    </message>
    <message>
        <source>%1 / %2 / %3</source>
        <translation>%1 / %2 / %3</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>キャリブレーション</translation>
    </message>
    <message>
        <source>Distillation</source>
        <translation>蒸留</translation>
    </message>
    <message>
        <source>%1 steps, loss %2 → %3 in %4 s</source>
        <translation>%1 ステップ、損失 %2 → %3、%4 秒</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>該当なし</translation>
    </message>
    <message>
        <source>Evaluation text</source>
        <translation>評価用テキスト</translation>
    </message>
    <message>
        <source>Loss: base / fine-tune</source>
        <translation>損失: ベース / ファインチューン済み</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Loss: compressed (initial → distilled)</source>
        <translation>損失: 圧縮後（初期 → 蒸留後）</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Gain kept</source>
        <translation>改善の維持率</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Rank-16 SVD: loss / gain kept</source>
        <translation>ランク 16 の SVD: 損失 / 改善の維持率</translation>
    </message>
    <message>
        <source>%1 / %2 %</source>
        <translation>%1 / %2%</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>表をエクスポート</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 を書き出しました</translation>
    </message>
    <message>
        <source>layer %1 %2: relative error %3</source>
        <translation>第 %1 層 %2: 相対誤差 %3</translation>
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
        <translation>圧縮</translation>
    </message>
    <message>
        <source>Compress a fine-tune into a 1-bit delta (Ctrl+1)</source>
        <translation>ファインチューン済みモデルを 1 ビットのデルタに圧縮します（Ctrl+1）</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>検査</translation>
    </message>
    <message>
        <source>Inspect a package&apos;s diagnostics (Ctrl+2)</source>
        <translation>パッケージの診断情報を確認します（Ctrl+2）</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>チャット</translation>
    </message>
    <message>
        <source>Chat with several fine-tunes over one base (Ctrl+3)</source>
        <translation>1 つのベースで複数のファインチューン済みモデルとチャットします（Ctrl+3）</translation>
    </message>
    <message>
        <source>Device: detecting…</source>
        <translation>デバイス: 検出中…</translation>
    </message>
    <message>
        <source>Where compression and chat compute by default.</source>
        <translation>圧縮とチャットが既定で計算に使うデバイス。</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>デバイス: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Package…</source>
        <translation>パッケージを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近使ったパッケージ(&amp;R)</translation>
    </message>
    <message>
        <source>Choose &amp;Base…</source>
        <translation>ベースを選択(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose &amp;Fine-tune…</source>
        <translation>ファインチューン済みモデルを選択(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Compress</source>
        <translation>圧縮(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>検査(&amp;I)</translation>
    </message>
    <message>
        <source>C&amp;hat</source>
        <translation>チャット(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>The new language takes effect when BitDelta Studio is restarted.</source>
        <translation>新しい言語は BitDelta Studio の再起動後に有効になります。</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <source>Compress / Send</source>
        <translation>圧縮 / 送信</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About BitDelta Studio</source>
        <translation>BitDelta Studio について(&amp;A)</translation>
    </message>
    <message>
        <source>About BitDelta Studio</source>
        <translation>BitDelta Studio について</translation>
    </message>
    <message>
        <source>BitDelta Studio compresses fine-tuned language models to 1-bit deltas over their base (Liu et al., 2024) and serves many of them over one base model.</source>
        <translation>BitDelta Studio は、ファインチューニングした言語モデルをベースに対する 1 ビットのデルタに圧縮し（Liu ら、2024）、1 つのベースモデルの上で多数のモデルを提供します。</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>一覧をクリア</translation>
    </message>
    <message>
        <source>Open a .bitdelta package</source>
        <translation>.bitdelta パッケージを開く</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MatrixTableModel</name>
    <message>
        <source>n/a</source>
        <translation>該当なし</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>行列</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
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
        <translation>初期 α</translation>
    </message>
    <message>
        <source>α distilled</source>
        <translation>蒸留後 α</translation>
    </message>
    <message>
        <source>Rel. error (initial)</source>
        <translation>相対誤差（初期）</translation>
    </message>
    <message>
        <source>Rel. error</source>
        <translation>相対誤差</translation>
    </message>
    <message>
        <source>cos(Δ, sign Δ)</source>
        <translation>cos(Δ, sign Δ)</translation>
    </message>
    <message>
        <source>SVD rank</source>
        <translation>SVD ランク</translation>
    </message>
    <message>
        <source>SVD error</source>
        <translation>SVD 誤差</translation>
    </message>
    <message>
        <source>Output error</source>
        <translation>出力誤差</translation>
    </message>
    <message>
        <source>The weight&apos;s name in the Hugging Face checkpoint.</source>
        <translation>Hugging Face チェックポイント内での重みの名前。</translation>
    </message>
    <message>
        <source>Decoder layer the matrix belongs to.</source>
        <translation>この行列が属するデコーダー層。</translation>
    </message>
    <message>
        <source>Which projection of the layer this matrix is.</source>
        <translation>この行列が層のどの射影か。</translation>
    </message>
    <message>
        <source>Output × input size of the matrix.</source>
        <translation>行列のサイズ（出力 × 入力）。</translation>
    </message>
    <message>
        <source>Frobenius norm of the fine-tune&apos;s change Δ = W_ft − W_base.</source>
        <translation>ファインチューニングによる変化 Δ = W_ft − W_base のフロベニウスノルム。</translation>
    </message>
    <message>
        <source>Scale before distillation: mean |Δ|, the L2-optimal value.</source>
        <translation>蒸留前のスケール: |Δ| の平均（L2 の意味で最適な値）。</translation>
    </message>
    <message>
        <source>Scale after distillation on calibration text.</source>
        <translation>キャリブレーション用テキストで蒸留した後のスケール。</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the initial scale.</source>
        <translation>初期スケールでの ‖Δ − α·sign(Δ)‖ / ‖Δ‖。</translation>
    </message>
    <message>
        <source>‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the distilled scale; lower is better.</source>
        <translation>蒸留後のスケールでの ‖Δ − α·sign(Δ)‖ / ‖Δ‖。低いほど良好です。</translation>
    </message>
    <message>
        <source>Cosine similarity between Δ and its sign pattern; 1 means the signs capture Δ&apos;s direction fully.</source>
        <translation>Δ とその符号パターンのコサイン類似度。1 は符号が Δ の方向を完全に捉えていることを意味します。</translation>
    </message>
    <message>
        <source>Rank of an fp16 SVD approximation that takes at least the 1-bit storage (the paper&apos;s low-rank baseline).</source>
        <translation>1 ビット表現以上の記憶容量を使う fp16 の SVD 近似のランク（論文の低ランクベースライン）。</translation>
    </message>
    <message>
        <source>Relative error of that rank-r SVD approximation of Δ.</source>
        <translation>そのランク r の SVD による Δ の近似の相対誤差。</translation>
    </message>
    <message>
        <source>Relative error of the layer&apos;s output on calibration activations when Δ is replaced by α·sign(Δ).</source>
        <translation>Δ を α·sign(Δ) に置き換えたときの、キャリブレーション用アクティベーションに対する層の出力の相対誤差。</translation>
    </message>
</context>
<context>
    <name>bitdelta::ui::MemoryBar</name>
    <message>
        <source>Memory used by the shared base, by each attached fine-tune and by the KV cache.</source>
        <translation>共有ベース、接続した各ファインチューン済みモデル、KV キャッシュが使用しているメモリ。</translation>
    </message>
    <message>
        <source>base</source>
        <translation>ベース</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV キャッシュ</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU メモリ</translation>
    </message>
    <message>
        <source>host memory</source>
        <translation>ホストメモリ</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>モデルが読み込まれていません</translation>
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
        <translation>グラフをエクスポート</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)</source>
        <translation>PNG 画像 (*.png);;PDF 文書 (*.pdf);;SVG 画像 (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
    <message>
        <source>Could not write the plot to %1.</source>
        <translation>グラフを %1 に書き出せませんでした。</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>表示をリセット</translation>
    </message>
    <message>
        <source>Export as PNG, PDF or SVG…</source>
        <translation>PNG、PDF、SVG でエクスポート…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Compress fine-tuned language models to 1-bit deltas, inspect them and chat with many over one base.</source>
        <translation>ファインチューニングした言語モデルを 1 ビットのデルタに圧縮し、その内容を確認し、1 つのベース上で多数のモデルとチャットします。</translation>
    </message>
    <message>
        <source>Base checkpoint folder.</source>
        <translation>ベースのチェックポイントフォルダー。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>ディレクトリ</translation>
    </message>
    <message>
        <source>Fine-tuned checkpoint folder.</source>
        <translation>ファインチューン済みチェックポイントのフォルダー。</translation>
    </message>
    <message>
        <source>A .bitdelta package to inspect.</source>
        <translation>確認する .bitdelta パッケージ。</translation>
    </message>
    <message>
        <source>PKG</source>
        <translation>パッケージ</translation>
    </message>
</context>
</TS>
