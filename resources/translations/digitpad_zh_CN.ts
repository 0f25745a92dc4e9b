<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>&lt;p&gt;Draw a digit and see what neural networks make of it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;写下一个数字，看看神经网络如何识别它。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Trained on MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0) and on real pen-written digits from “Pen-Based Recognition of Handwritten Digits” (E. Alpaydin, F. Alimoglu, Bogazici University; UCI Machine Learning Repository, CC BY 4.0), which also ships with digitpad.&lt;/p&gt;</source>
        <translation>&lt;p&gt;模型在 MNIST（Y. LeCun、C. Cortes、C. J. C. Burges；CC BY-SA 3.0）以及真实手写数字数据集“Pen-Based Recognition of Handwritten Digits”（E. Alpaydin、F. Alimoglu，Bogazici University；UCI Machine Learning Repository，CC BY 4.0）上训练，后者也随 digitpad 一同提供。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About digitpad</source>
        <translation>关于 digitpad</translation>
    </message>
</context>
<context>
    <name>AccuracyPlot</name>
    <message>
        <source>Loss per epoch</source>
        <translation>每轮损失</translation>
    </message>
    <message>
        <source>Accuracy per epoch</source>
        <translation>每轮准确率</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>No predictions: PyTorch could not be loaded. Drawing still works.</source>
        <translation>无法预测：PyTorch 加载失败。仍然可以绘画。</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded, so digitpad cannot predict or train:

{error}

Reinstall it (pip install --force-reinstall digitpad) and start digitpad again.</source>
        <translation>PyTorch 加载失败，digitpad 无法预测或训练：

{error}

请重新安装（pip install --force-reinstall digitpad），然后重新启动 digitpad。</translation>
    </message>
</context>
<context>
    <name>CanvasPanel</name>
    <message>
        <source>{tip} ({keys})</source>
        <translation>{tip}（{keys}）</translation>
    </message>
    <message>
        <source>&amp;Undo stroke</source>
        <translation>撤销笔画(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last stroke</source>
        <translation>撤销最后一笔</translation>
    </message>
    <message>
        <source>Undo stroke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>&amp;Redo stroke</source>
        <translation>重做笔画(&amp;R)</translation>
    </message>
    <message>
        <source>Redo the stroke undone last</source>
        <translation>恢复刚刚撤销的一笔</translation>
    </message>
    <message>
        <source>Redo stroke</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>清除(&amp;C)</translation>
    </message>
    <message>
        <source>Clear the canvas</source>
        <translation>清除画布</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>&amp;Thinner pen</source>
        <translation>画笔变细(&amp;T)</translation>
    </message>
    <message>
        <source>Make the pen thinner</source>
        <translation>把画笔调细</translation>
    </message>
    <message>
        <source>&amp;Wider pen</source>
        <translation>画笔变粗(&amp;W)</translation>
    </message>
    <message>
        <source>Make the pen wider</source>
        <translation>把画笔调粗</translation>
    </message>
    <message>
        <source>Pen &amp;pressure</source>
        <translation>笔压(&amp;P)</translation>
    </message>
    <message>
        <source>Let a tablet pen&apos;s pressure vary the stroke width</source>
        <translation>让数位笔的压力改变笔画粗细</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Pen width ([ and ] change it)</source>
        <translation>画笔粗细（按 [ 和 ] 调整）</translation>
    </message>
    <message>
        <source>Pen width in pixels of the 280 × 280 drawing</source>
        <translation>画笔粗细，单位是 280 × 280 画面中的像素</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Draw a digit and see what neural networks make of it.</source>
        <translation>写一个数字，看看神经网络怎样识别它。</translation>
    </message>
    <message>
        <source>show program&apos;s version number and exit</source>
        <translation>显示程序的版本号并退出</translation>
    </message>
    <message>
        <source>open the window (the default)</source>
        <translation>打开窗口（默认）</translation>
    </message>
    <message>
        <source>train a model on MNIST and save a checkpoint</source>
        <translation>在 MNIST 上训练模型并保存检查点</translation>
    </message>
    <message>
        <source>a classifier, or gan: a conditional GAN that draws digits (default cnn)</source>
        <translation>一个分类器，或 gan：会画数字的条件生成对抗网络（默认 cnn）</translation>
    </message>
    <message>
        <source>default: the model&apos;s own (see README)</source>
        <translation>默认：模型自己的设定（见 README）</translation>
    </message>
    <message>
        <source>CNN only: channels of each convolution block (default 16 32)</source>
        <translation>仅用于 CNN：每个卷积块的通道数（默认 16 32）</translation>
    </message>
    <message>
        <source>CNN only: convolutions in each block before its pooling (default 1)</source>
        <translation>仅 CNN：每个卷积块在池化前的卷积层数（默认 1）</translation>
    </message>
    <message>
        <source>peak learning rate</source>
        <translation>峰值学习率</translation>
    </message>
    <message>
        <source>learning-rate schedule: onecycle (default), cosine when fine-tuning</source>
        <translation>学习率调度：onecycle（默认），微调时为 cosine</translation>
    </message>
    <message>
        <source>CNN only: units of the fully connected layer</source>
        <translation>仅用于 CNN：全连接层的单元数</translation>
    </message>
    <message>
        <source>CNN only: dropout before the output layer</source>
        <translation>仅用于 CNN：输出层之前的 dropout 比例</translation>
    </message>
    <message>
        <source>CNN only: its first block, a 3x3 convolution then pooling (pool), or one 4x4 convolution moved by 2 pixels (strided, the default)</source>
        <translation>仅用于 CNN：第一个块，3x3 卷积后接池化（pool），或一个步长为 2 像素的 4x4 卷积（strided，默认）</translation>
    </message>
    <message>
        <source>random shifts, rotations, scaling and stroke changes (default: the model&apos;s own, see README)</source>
        <translation>随机平移、旋转、缩放和笔画粗细变化（默认：模型自己的设定，见 README）</translation>
    </message>
    <message>
        <source>a fraction from 0 to below 1 (default: the model&apos;s own)</source>
        <translation>0 到 1（不含）之间的小数（默认：模型自己的设定）</translation>
    </message>
    <message>
        <source>renders of each real pen digit added (default: the model&apos;s own)</source>
        <translation>每个真实笔写数字加入的渲染份数（默认：模型自己的设定）</translation>
    </message>
    <message>
        <source>MNIST only: leave out the real pen-written digits that the default recipe adds</source>
        <translation>只用 MNIST：不加入默认方案会添加的真实手写数字</translation>
    </message>
    <message>
        <source>pen-digits file (UNIPEN .tra or .tra.gz) to train on; default: &lt;data-dir&gt;/pendigits, else the copy that ships with digitpad</source>
        <translation>用于训练的手写数字文件（UNIPEN .tra 或 .tra.gz）；默认：&lt;data-dir&gt;/pendigits，没有时使用 digitpad 自带的副本</translation>
    </message>
    <message>
        <source>auto, cpu, cuda, cuda:N or mps</source>
        <translation>auto、cpu、cuda、cuda:N 或 mps</translation>
    </message>
    <message>
        <source>auto: bfloat16 mixed precision on CUDA and on CPUs with native bf16, float32 elsewhere</source>
        <translation>auto：在 CUDA 和原生支持 bf16 的 CPU 上使用 bfloat16 混合精度，其他情况使用 float32</translation>
    </message>
    <message>
        <source>stop after this many steps (quick runs)</source>
        <translation>训练到这个步数就停止（用于快速试跑）</translation>
    </message>
    <message>
        <source>--model gan only: training steps (default 3000)</source>
        <translation>仅用于 --model gan：训练步数（默认 3000）</translation>
    </message>
    <message>
        <source>checkpoint file to write</source>
        <translation>要写入的检查点文件</translation>
    </message>
    <message>
        <source>also train on your own drawings (oversampled; a held-out part is kept to measure the gain); FOLDER defaults to the app&apos;s my_digits folder</source>
        <translation>同时用你自己写的数字训练（过采样；留出一部分用来衡量提升）；FOLDER 默认为应用的 my_digits 文件夹</translation>
    </message>
    <message>
        <source>with --my-digits: fine-tune this checkpoint (a .pt file or a pretrained model&apos;s name) instead of training from scratch; prints the accuracies before and after</source>
        <translation>与 --my-digits 一起使用：微调这个检查点（.pt 文件或预训练模型的名称），而不是从头训练；会输出微调前后的准确率</translation>
    </message>
    <message>
        <source>accuracy of a checkpoint on the MNIST test set or on real pen digits</source>
        <translation>检查点在 MNIST 测试集或真实手写数字上的准确率</translation>
    </message>
    <message>
        <source>a .pt file, or the name of a pretrained model</source>
        <translation>.pt 文件，或预训练模型的名称</translation>
    </message>
    <message>
        <source>instead of MNIST: the held-out writers of a pen-digits file (default: &lt;data-dir&gt;/pendigits, else the shipped copy), drawn as on the canvas, as written and enlarged</source>
        <translation>不用 MNIST，改用手写数字文件中未参与训练的书写者（默认：&lt;data-dir&gt;/pendigits，没有时使用自带的副本），像在画布上一样绘制，分别按原样和放大后评估</translation>
    </message>
    <message>
        <source>predict the digit in image files (PNG, JPEG, any size, either polarity)</source>
        <translation>预测图像文件中的数字（PNG、JPEG，任意尺寸，黑底白字或白底黑字均可）</translation>
    </message>
    <message>
        <source>a pretrained model (default cnn)</source>
        <translation>预训练模型（默认 cnn）</translation>
    </message>
    <message>
        <source>a checkpoint file</source>
        <translation>检查点文件</translation>
    </message>
    <message>
        <source>print one JSON object per image</source>
        <translation>每张图像输出一个 JSON 对象</translation>
    </message>
    <message>
        <source>draw digits with the conditional GAN and write them as PNGs (white ink on black)</source>
        <translation>用条件生成对抗网络画数字并保存为 PNG（黑底白字）</translation>
    </message>
    <message>
        <source>the digit to draw, or random for a random digit in each image</source>
        <translation>要画的数字；random 表示每张图像随机选一个数字</translation>
    </message>
    <message>
        <source>how many digits (default 1)</source>
        <translation>数字的个数（默认 1）</translation>
    </message>
    <message>
        <source>the same seed draws the same digits (default: new ones each time)</source>
        <translation>相同的种子画出相同的数字（默认：每次都不同）</translation>
    </message>
    <message>
        <source>image width and height in pixels</source>
        <translation>图像的宽度和高度（像素）</translation>
    </message>
    <message>
        <source>a generator file from `digitpad train --model gan` (default: the shipped one)</source>
        <translation>由 `digitpad train --model gan` 生成的生成器文件（默认：自带的生成器）</translation>
    </message>
    <message>
        <source>folder to write the PNGs in</source>
        <translation>保存 PNG 的文件夹</translation>
    </message>
    <message>
        <source>write a classifier as an ONNX model, for other runtimes</source>
        <translation>将分类器导出为 ONNX 模型，供其他推理运行时使用</translation>
    </message>
    <message>
        <source>the ONNX file to write: input float32 [N, 1, 28, 28] normalised with the checkpoint&apos;s mean and std (in the file&apos;s metadata), output [N, 10] logits</source>
        <translation>要写入的 ONNX 文件：输入为 float32 [N, 1, 28, 28]，已按检查点的均值和标准差归一化（均值和标准差记录在文件的元数据中），输出为 [N, 10] 的 logit</translation>
    </message>
    <message>
        <source>MNIST root (torchvision layout); default $DIGITPAD_DATA_DIR or the user data folder</source>
        <translation>MNIST 根目录（torchvision 的目录结构）；默认为 $DIGITPAD_DATA_DIR 或用户数据文件夹</translation>
    </message>
    <message>
        <source>download MNIST into the data folder if it is missing</source>
        <translation>数据文件夹中没有 MNIST 时下载它</translation>
    </message>
    <message>
        <source>language of the help and messages (default: the locale&apos;s, from LC_ALL, LC_MESSAGES or LANG)</source>
        <translation>帮助和消息的语言（默认取自区域设置：LC_ALL、LC_MESSAGES 或 LANG）</translation>
    </message>
    <message>
        <source>{error} (pass --download to fetch them)</source>
        <translation>{error}（加上 --download 即可下载）</translation>
    </message>
    <message>
        <source>digitpad: error: {message}</source>
        <translation>digitpad：错误：{message}</translation>
    </message>
    <message>
        <source>digitpad: interrupted</source>
        <translation>digitpad：已中断</translation>
    </message>
    <message>
        <source>the window cannot open: {error}. Use `digitpad train|eval|predict`; on a minimal Linux the window needs `sudo apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1` and the X11 libraries of the README&apos;s quick start.</source>
        <translation>无法打开窗口：{error}。请使用 `digitpad train|eval|predict`；在精简的 Linux 系统上，窗口需要 `sudo apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1` 以及 README 快速入门中列出的 X11 库。</translation>
    </message>
    <message>
        <source>usage: </source>
        <translation>用法：</translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>位置参数</translation>
    </message>
    <message>
        <source>options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <translation>显示此帮助信息并退出</translation>
    </message>
    <message>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s：错误：%(message)s
</translation>
    </message>
    <message>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>参数 %(argument_name)s：%(message)s</translation>
    </message>
    <message>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>无效的选择：%(value)r（可选：%(choices)s）</translation>
    </message>
    <message>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>无效的 %(type)s 值：%(value)r</translation>
    </message>
    <message>
        <source>the following arguments are required: %s</source>
        <translation>缺少以下必需参数：%s</translation>
    </message>
    <message>
        <source>unrecognized arguments: %s</source>
        <translation>无法识别的参数：%s</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>需要一个参数值</translation>
    </message>
    <message>
        <source>expected at most one argument</source>
        <translation>最多只能有一个参数值</translation>
    </message>
    <message>
        <source>expected at least one argument</source>
        <translation>至少需要一个参数值</translation>
    </message>
    <message>
        <source>not allowed with argument %s</source>
        <translation>不能与参数 %s 同时使用</translation>
    </message>
    <message>
        <source>ambiguous option: %(option)s could match %(matches)s</source>
        <translation>选项有歧义：%(option)s 可以匹配 %(matches)s</translation>
    </message>
    <message>
        <source>ignored explicit argument %r</source>
        <translation>忽略了显式给出的参数值 %r</translation>
    </message>
    <message>
        <source>digitpad: note: {path}: {note}</source>
        <translation>digitpad：注意：{path}：{note}</translation>
    </message>
    <message>
        <source>{model}: MNIST test accuracy {accuracy:.2%} ({count} images), loss {loss:.4f}</source>
        <translation>{model}：MNIST 测试集准确率 {accuracy:.2%}（{count} 张图像），损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>per-class accuracy: {accuracies}</source>
        <translation>各类别准确率：{accuracies}</translation>
    </message>
    <message>
        <source>confusion matrix (rows: true digit, columns: predicted)</source>
        <translation>混淆矩阵（行：真实数字，列：预测数字）</translation>
    </message>
    <message>
        <source>true\pred</source>
        <translation>真实\预测</translation>
    </message>
    <message>
        <source>{model}: {count} pen digits by the {writers} held-out writers of {path}</source>
        <translation>{model}：{path} 中 {writers} 位未参与训练的书写者写的 {count} 个手写数字</translation>
    </message>
    <message>
        <source>{true} as {predicted} ({count})</source>
        <translation>{true} 被认成 {predicted}（{count} 次）</translation>
    </message>
    <message>
        <source>{replay}: accuracy {accuracy:.2%} ({count} digits), loss {loss:.4f}</source>
        <translation>{replay}：准确率 {accuracy:.2%}（{count} 个数字），损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>  per digit: {accuracies}</source>
        <translation>  各数字准确率：{accuracies}</translation>
    </message>
    <message>
        <source>  most frequent mistakes: {mistakes}</source>
        <translation>  最常见的错误：{mistakes}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>digitpad: error: {image}: no digit found (the image is blank)</source>
        <translation>digitpad：错误：{image}：没有找到数字（图像是空白的）</translation>
    </message>
    <message>
        <source>the recorded training runs: list, show, compare, delete or export them</source>
        <translation>已记录的训练运行：列出、查看、比较、删除或导出</translation>
    </message>
    <message>
        <source>every recorded run, oldest first</source>
        <translation>所有已记录的运行，按时间先后排列</translation>
    </message>
    <message>
        <source>one run: its configuration, versions, metrics and checkpoint</source>
        <translation>查看一次运行：配置、版本、指标和检查点</translation>
    </message>
    <message>
        <source>runs side by side: what differs, and their results</source>
        <translation>并排比较几次运行：配置差异及各自的结果</translation>
    </message>
    <message>
        <source>remove a run from the history</source>
        <translation>从运行记录中删除一次运行</translation>
    </message>
    <message>
        <source>also delete the checkpoint file it wrote</source>
        <translation>同时删除它保存的检查点文件</translation>
    </message>
    <message>
        <source>every run and every metric it logged, as CSV or JSON</source>
        <translation>以 CSV 或 JSON 导出所有运行及其记录的全部指标</translation>
    </message>
    <message>
        <source>file to write (default: print them)</source>
        <translation>要写入的文件（默认：直接输出）</translation>
    </message>
    <message>
        <source>digitpad: warning: {message}</source>
        <translation>digitpad：警告：{message}</translation>
    </message>
    <message>
        <source>no run {id} in the run history</source>
        <translation>运行记录中没有编号为 {id} 的运行</translation>
    </message>
    <message>
        <source>No runs recorded yet: `digitpad train` and the window&apos;s Training panel add them.</source>
        <translation>尚未记录任何运行：`digitpad train` 和窗口中的训练面板会添加运行记录。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Run {id}: {kind} {model}, {status}</source>
        <translation>运行 {id}：{kind} {model}，{status}</translation>
    </message>
    <message>
        <source>Started {started}, finished {finished} ({duration})</source>
        <translation>开始于 {started}，结束于 {finished}（用时 {duration}）</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>Versions: {versions}</source>
        <translation>版本：{versions}</translation>
    </message>
    <message>
        <source>Configuration: {config}</source>
        <translation>配置：{config}</translation>
    </message>
    <message>
        <source>Final metrics: {metrics}</source>
        <translation>最终指标：{metrics}</translation>
    </message>
    <message>
        <source>{path} (no longer there)</source>
        <translation>{path}（已不存在）</translation>
    </message>
    <message>
        <source>Checkpoint: {path}</source>
        <translation>检查点：{path}</translation>
    </message>
    <message>
        <source>Weight and gradient histograms: {layers} parameters at {count} steps ({first} to {last})</source>
        <translation>权重与梯度直方图：{layers} 个参数，在 {count} 个步采样（第 {first} 步至第 {last} 步）</translation>
    </message>
    <message>
        <source>Logged metrics (last value, at step):</source>
        <translation>记录的指标（最后一个值及其所在步数）：</translation>
    </message>
    <message>
        <source>  {name}: {value} at step {step} ({count} values)</source>
        <translation>  {name}：第 {step} 步为 {value}（共 {count} 个值）</translation>
    </message>
    <message>
        <source>Run {id}</source>
        <translation>运行 {id}</translation>
    </message>
    <message>
        <source>Deleted run {id}.</source>
        <translation>已删除运行 {id}。</translation>
    </message>
    <message>
        <source>Its checkpoint {path} comes with digitpad and was kept.</source>
        <translation>其检查点 {path} 随 digitpad 提供，已保留。</translation>
    </message>
    <message>
        <source>Its checkpoint {path} was already gone.</source>
        <translation>其检查点 {path} 已不存在。</translation>
    </message>
    <message>
        <source>its checkpoint {path} was not deleted: {error}</source>
        <translation>其检查点 {path} 未能删除：{error}</translation>
    </message>
    <message>
        <source>Deleted its checkpoint {path}.</source>
        <translation>已删除其检查点 {path}。</translation>
    </message>
    <message>
        <source>Wrote {count} runs to {path}</source>
        <translation>已将 {count} 次运行写入 {path}</translation>
    </message>
    <message>
        <source>step {step}/{total} loss {loss:.4f} {rate:,.0f} img/s ETA {eta:4.0f}s</source>
        <translation>第 {step}/{total} 步 损失 {loss:.4f} {rate:,.0f} 张/秒 预计剩余 {eta:4.0f} 秒</translation>
    </message>
    <message>
        <source>epoch {epoch}/{epochs}: train loss {train_loss:.4f} acc {train_acc:.2%} | val loss {val_loss:.4f} acc {val_acc:.2%} | {seconds:.1f}s</source>
        <translation>第 {epoch}/{epochs} 轮：训练损失 {train_loss:.4f} 准确率 {train_acc:.2%} | 验证损失 {val_loss:.4f} 准确率 {val_acc:.2%} | {seconds:.1f} 秒</translation>
    </message>
    <message>
        <source>--from fine-tunes on your own drawings: add --my-digits [FOLDER]</source>
        <translation>--from 用于在你自己写的数字上微调：请加上 --my-digits [FOLDER]</translation>
    </message>
    <message>
        <source>bf16 mixed precision</source>
        <translation>bf16 混合精度</translation>
    </message>
    <message>
        <source>MNIST plus {pen_digits} ({path})</source>
        <translation>MNIST 加上 {pen_digits}（{path}）</translation>
    </message>
    <message>
        <source>Training {model} on {device}: {images} images, {epochs} epochs, batch {batch_size}, lr {lr}, {optimizer}/{schedule}, augment {augment}, {precision}</source>
        <translation>在 {device} 上训练 {model}：{images} 张图像，{epochs} 轮，批大小 {batch_size}，学习率 {lr}，{optimizer}/{schedule}，数据增强{augment}，{precision}</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{processes} processes ({backend}): each takes {share} images of every batch.</source>
        <translation>{processes} 个进程（{backend}）：每个进程处理每批中的 {share} 张图像。</translation>
    </message>
    <message>
        <source>{message} {path} was left as it was.</source>
        <translation>{message}{path} 保持原样，未作改动。</translation>
    </message>
    <message>
        <source>{message} {path} was not written.</source>
        <translation>{message}未写入 {path}。</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>--channels takes positive numbers, and only for --model cnn</source>
        <translation>--channels 只接受正整数，且只能与 --model cnn 一起使用</translation>
    </message>
    <message>
        <source>--convs takes a positive number, and only for --model cnn</source>
        <translation>--convs 须为正整数，且仅用于 --model cnn</translation>
    </message>
    <message>
        <source>--hidden takes a positive number, and only for --model cnn</source>
        <translation>--hidden 需要一个正数，且只用于 --model cnn</translation>
    </message>
    <message>
        <source>--dropout takes a fraction from 0 to below 1, and only for --model cnn</source>
        <translation>--dropout 需要 0 到 1（不含）之间的小数，且只用于 --model cnn</translation>
    </message>
    <message>
        <source>--stem is only for --model cnn</source>
        <translation>--stem 只用于 --model cnn</translation>
    </message>
    <message>
        <source>MNIST test accuracy: {accuracy:.2%} ({count} images), loss {loss:.4f}</source>
        <translation>MNIST 测试集准确率：{accuracy:.2%}（{count} 张图像），损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>Real pen digits not measured: {error}</source>
        <translation>未评估真实手写数字：{error}</translation>
    </message>
    <message>
        <source>Real pen digits, held-out writers (as written on the canvas): {accuracy:.2%} ({count})</source>
        <translation>真实手写数字，未参与训练的书写者（按在画布上书写的样子）：{accuracy:.2%}（{count} 个）</translation>
    </message>
    <message>
        <source>{error} Open the app&apos;s My digits panel to keep what can be read and set the file aside.</source>
        <translation>{error}请打开应用的“我的数字”面板，保留能读取的部分，并把该文件移到一旁。</translation>
    </message>
    <message>
        <source>No drawings in {folder}: add some in the app (My digits panel), or import a file.</source>
        <translation>{folder} 中没有手写数字：请在应用中（“我的数字”面板）添加一些，或导入一个文件。</translation>
    </message>
    <message>
        <source>My digits: {drawings} drawings in {folder} ({counts}); {held_out} held out to measure.</source>
        <translation>我的数字：{folder} 中有 {drawings} 个手写数字（{counts}）；留出 {held_out} 个用于评估。</translation>
    </message>
    <message>
        <source>{drawings} drawings to train on, plus {extra} re-rendered with thinner and wider pens.</source>
        <translation>用 {drawings} 个手写数字训练，另有 {extra} 个是用更细和更粗的画笔重新绘制的。</translation>
    </message>
    <message>
        <source>Fine-tuning {model} from {start} on {device}: MNIST ({images} images) + {own} of your samples</source>
        <translation>在 {device} 上从 {start} 微调 {model}：MNIST（{images} 张图像）+ 你的 {own} 个样本</translation>
    </message>
    <message>
        <source>Training {model} from scratch on {device}: MNIST ({images} images) + {own} of your samples</source>
        <translation>在 {device} 上从头训练 {model}：MNIST（{images} 张图像）+ 你的 {own} 个样本</translation>
    </message>
    <message>
        <source>Your drawings were repeated {repeats}x: {share:.0%} of each epoch&apos;s samples.</source>
        <translation>你的手写数字重复了 {repeats} 次：占每轮样本的 {share:.0%}。</translation>
    </message>
    <message>
        <source>{message} {steps} steps in {seconds:.0f}s.</source>
        <translation>{message}共 {steps} 步，用时 {seconds:.0f} 秒。</translation>
    </message>
    <message>
        <source>--steps is for --model gan; a classifier takes --epochs or --max-steps</source>
        <translation>--steps 仅用于 --model gan；分类器请使用 --epochs 或 --max-steps</translation>
    </message>
    <message>
        <source>{options}: not for --model gan, which takes --steps, --batch-size, --lr, --seed and --device</source>
        <translation>{options}：不适用于 --model gan，它只接受 --steps、--batch-size、--lr、--seed 和 --device</translation>
    </message>
    <message>
        <source>--steps must be at least 1, not {steps}</source>
        <translation>--steps 至少为 1，而不是 {steps}</translation>
    </message>
    <message>
        <source>step {step}/{total} G loss {g_loss:.3f} D loss {d_loss:.3f} D right on real {real:.0%} on fake {fake:.0%} {rate:,.0f} img/s ETA {eta:4.0f}s</source>
        <translation>第 {step}/{total} 步 生成器损失 {g_loss:.3f} 判别器损失 {d_loss:.3f} 判别器对真实样本正确率 {real:.0%}，对生成样本 {fake:.0%} {rate:,.0f} 张/秒 预计剩余 {eta:4.0f} 秒</translation>
    </message>
    <message>
        <source>Training a conditional GAN on {device}: {images} images, {steps} steps, batch {batch_size}, lr {lr}</source>
        <translation>在 {device} 上训练条件生成对抗网络：{images} 张图像，{steps} 步，批大小 {batch_size}，学习率 {lr}</translation>
    </message>
    <message>
        <source>The shipped CNN reads {accuracy:.2%} of {count:,} generated digits as the digit asked.</source>
        <translation>自带的 CNN 将 {count:,} 个生成数字中的 {accuracy:.2%} 识别为所要求的数字。</translation>
    </message>
    <message>
        <source>{value!r} is not a digit: give 0 to 9, or random</source>
        <translation>{value!r} 不是数字：请给出 0 到 9，或 random</translation>
    </message>
    <message>
        <source>{value!r} is not a count from 1 to {high:,}</source>
        <translation>{value!r} 不是 1 到 {high:,} 之间的数量</translation>
    </message>
    <message>
        <source>--out {path}: {error}</source>
        <translation>--out {path}：{error}</translation>
    </message>
    <message>
        <source>Wrote {count} generated digits to {folder}</source>
        <translation>已将 {count} 个生成的数字写入 {folder}</translation>
    </message>
    <message>
        <source>Wrote {path} ({model}, ONNX opset {opset})</source>
        <translation>已写入 {path}（{model}，ONNX 算子集版本 {opset}）</translation>
    </message>
    <message>
        <source>input: float32 [N, 1, 28, 28], white ink on black, normalised as (pixel / 255 - {mean}) / {std}; output: [N, 10] logits</source>
        <translation>输入：float32 [N, 1, 28, 28]，黑底白字，按 (像素 / 255 - {mean}) / {std} 归一化；输出：[N, 10] 的 logit</translation>
    </message>
    <message>
        <source>learning-rate range test: the loss as the learning rate grows, and a suggested value</source>
        <translation>学习率范围测试：学习率逐步增大时的损失，并给出建议值</translation>
    </message>
    <message>
        <source>default cnn</source>
        <translation>默认 cnn</translation>
    </message>
    <message>
        <source>training steps, one per learning rate</source>
        <translation>训练步数，每步一个学习率</translation>
    </message>
    <message>
        <source>the first learning rate</source>
        <translation>起始学习率</translation>
    </message>
    <message>
        <source>the last learning rate</source>
        <translation>最终学习率</translation>
    </message>
    <message>
        <source>also write every step (lr, loss, raw loss) as CSV</source>
        <translation>同时把每一步（学习率、损失、原始损失）写入 CSV 文件</translation>
    </message>
    <message>
        <source>--plot {path}: no such folder</source>
        <translation>--plot {path}：文件夹不存在</translation>
    </message>
    <message>
        <source>Learning-rate range test for {model}: {steps} steps from {start:g} to {end:g}</source>
        <translation>{model} 的学习率范围测试：{steps} 步，从 {start:g} 到 {end:g}</translation>
    </message>
    <message>
        <source>step {step}/{total} lr {lr:.2e} loss {loss:.4f}</source>
        <translation>第 {step}/{total} 步 学习率 {lr:.2e} 损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>The loss diverged at lr {lr:.2e}, after {steps} steps.</source>
        <translation>损失在学习率 {lr:.2e} 处发散（共 {steps} 步）。</translation>
    </message>
    <message>
        <source>Stopped after {steps} steps.</source>
        <translation>已在 {steps} 步后停止。</translation>
    </message>
    <message>
        <source>Too few steps to suggest a learning rate: run more steps.</source>
        <translation>步数太少，无法给出建议的学习率：请增加步数。</translation>
    </message>
    <message>
        <source>Suggested learning rate: {lr:.2e} (where the loss falls fastest)</source>
        <translation>建议的学习率：{lr:.2e}（损失下降最快处）</translation>
    </message>
    <message>
        <source>--plot {path}: {error}</source>
        <translation>--plot {path}：{error}</translation>
    </message>
    <message>
        <source>Wrote the curve to {path}</source>
        <translation>已将曲线写入 {path}</translation>
    </message>
    <message>
        <source>several processes (torch.distributed, as torchrun)</source>
        <translation>多进程训练（torch.distributed，与 torchrun 相同）</translation>
    </message>
    <message>
        <source>train one model in N processes on this machine (gloo on CPUs, NCCL on GPUs: one GPU each); --batch-size is the batch of all of them together, split evenly</source>
        <translation>在本机用 N 个进程共同训练一个模型（CPU 上用 gloo，GPU 上用 NCCL，每个进程一块 GPU）；--batch-size 是所有进程合计的批大小，平均分给各进程</translation>
    </message>
    <message>
        <source>machines in the job (default 1)</source>
        <translation>参与训练的机器数（默认 1）</translation>
    </message>
    <message>
        <source>this machine&apos;s number, 0 to M-1 (default 0)</source>
        <translation>本机的编号，0 到 M-1（默认 0）</translation>
    </message>
    <message>
        <source>with --nnodes: the address of machine 0, which every machine can reach</source>
        <translation>与 --nnodes 一起使用：0 号机器的地址，所有机器都须能访问</translation>
    </message>
    <message>
        <source>a free port on machine 0 (default: any free port on one machine, 29500 on several)</source>
        <translation>0 号机器上的一个空闲端口（默认：单机时任选空闲端口，多机时为 29500）</translation>
    </message>
    <message>
        <source>several processes train a classifier on MNIST: not with --model gan or --my-digits</source>
        <translation>多进程训练只用于在 MNIST 上训练分类器：不能与 --model gan 或 --my-digits 同用</translation>
    </message>
    <message>
        <source>{options}: only with --nproc-per-node</source>
        <translation>{options}：只能与 --nproc-per-node 一起使用</translation>
    </message>
    <message>
        <source>this process was started by torchrun, which starts the processes: leave out {options}</source>
        <translation>此进程由 torchrun 启动，进程已由它创建：请去掉 {options}</translation>
    </message>
    <message>
        <source>--nproc-per-node and --nnodes must be at least 1</source>
        <translation>--nproc-per-node 和 --nnodes 至少为 1</translation>
    </message>
    <message>
        <source>--node-rank must be from 0 to {last} with --nnodes {nodes}, not {rank}</source>
        <translation>--nnodes {nodes} 时 --node-rank 须在 0 到 {last} 之间，而不是 {rank}</translation>
    </message>
    <message>
        <source>--nnodes {nodes} needs --master-addr: the address of machine 0</source>
        <translation>--nnodes {nodes} 需要 --master-addr：0 号机器的地址</translation>
    </message>
    <message>
        <source>--master-port must be from 1 to 65535, not {port}</source>
        <translation>--master-port 须在 1 到 65535 之间，而不是 {port}</translation>
    </message>
    <message>
        <source>Machine {node} of {nodes}: starting {processes} processes, which meet the others at {address}.</source>
        <translation>第 {node} 台机器（共 {nodes} 台）：正在启动 {processes} 个进程，它们在 {address} 与其他机器会合。</translation>
    </message>
</context>
<context>
    <name>ComparisonTable</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>All models&apos; predictions for the same drawing</source>
        <translation>所有模型对同一个手写数字的预测</translation>
    </message>
    <message>
        <source>{percent} (unsure)</source>
        <translation>{percent}（没有把握）</translation>
    </message>
    <message>
        <source>{percent} sure, below {threshold:.0%}</source>
        <translation>有 {percent} 的把握，低于 {threshold:.0%}</translation>
    </message>
    <message>
        <source>{percent} sure</source>
        <translation>有 {percent} 的把握</translation>
    </message>
    <message>
        <source>{model} reads a {digit}</source>
        <translation>{model} 认出的是 {digit}</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixWidget</name>
    <message>
        <source>No evaluation yet.</source>
        <translation>尚未评估。</translation>
    </message>
    <message>
        <source>predicted digit →</source>
        <translation>预测数字 →</translation>
    </message>
    <message>
        <source>true digit</source>
        <translation>真实数字</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>Test set: how the model does on 10,000 MNIST digits it never trained on: which digit it says for each true digit, and the digits it gets wrong.</source>
        <translation>测试集：模型在 10,000 个从未训练过的 MNIST 数字上的表现——每个真实数字被预测成了哪个数字，以及它识别错误的数字。</translation>
    </message>
    <message>
        <source>Evaluate on test set</source>
        <translation>在测试集上评估</translation>
    </message>
    <message>
        <source>Score the model on the 10,000 MNIST test digits (takes a few seconds)</source>
        <translation>用 10,000 个 MNIST 测试数字给模型打分（需要几秒钟）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Pick the folder that holds MNIST/raw, then evaluate</source>
        <translation>选择包含 MNIST/raw 的文件夹，然后评估</translation>
    </message>
    <message>
        <source>Download MNIST</source>
        <translation>下载 MNIST</translation>
    </message>
    <message>
        <source>Download the four MNIST files (11 MB) into the data folder, then evaluate</source>
        <translation>将四个 MNIST 文件（11 MB）下载到数据文件夹，然后评估</translation>
    </message>
    <message>
        <source>Downloading MNIST…</source>
        <translation>正在下载 MNIST…</translation>
    </message>
    <message>
        <source>Loading the test set…</source>
        <translation>正在加载测试集…</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>The {arch} model has not been evaluated here yet.</source>
        <translation>{arch} 模型尚未在这里评估过。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{accuracy:.2%}&lt;/b&gt; of {count:,} test digits right ({wrong:,} wrong), mean loss {loss:.3f}. Click a cell to list its mistakes.</source>
        <translation>{count:,} 个测试数字中识别正确 &lt;b&gt;{accuracy:.2%}&lt;/b&gt;（错误 {wrong:,} 个），平均损失 {loss:.3f}。点击一个单元格可列出其中的误分类样本。</translation>
    </message>
    <message>
        <source>Evaluating… {done:,} of {total:,}</source>
        <translation>正在评估… {done:,} / {total:,}</translation>
    </message>
    <message>
        <source>Evaluated on {count:,} test digits.</source>
        <translation>已在 {count:,} 个测试数字上完成评估。</translation>
    </message>
    <message>
        <source>Evaluation failed: {kind}: {error}</source>
        <translation>评估失败：{kind}：{error}</translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation>评估已取消。</translation>
    </message>
</context>
<context>
    <name>ConvPage</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Step through</source>
        <translation>逐步演示</translation>
    </message>
    <message>
        <source>Which convolution</source>
        <translation>选择卷积层</translation>
    </message>
    <message>
        <source>Which filter, and so which output map</source>
        <translation>选择卷积核，也就是选择输出特征图</translation>
    </message>
    <message>
        <source>Row of the output pixel</source>
        <translation>输出像素所在的行</translation>
    </message>
    <message>
        <source>Column of the output pixel</source>
        <translation>输出像素所在的列</translation>
    </message>
    <message>
        <source>Slide the kernel across the input, one position every 30 ms</source>
        <translation>让卷积核在输入上滑动，每 30 毫秒移动一个位置</translation>
    </message>
    <message>
        <source>Click a pixel to see how it was computed</source>
        <translation>点击一个像素，查看它是怎么算出来的</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>{path} is corrupt or truncated ({reason}); delete it and download MNIST again.</source>
        <translation>{path} 已损坏或被截断（{reason}）；请删除它并重新下载 MNIST。</translation>
    </message>
    <message>
        <source>{path} is not an MNIST IDX file of unsigned bytes.</source>
        <translation>{path} 不是无符号字节的 MNIST IDX 文件。</translation>
    </message>
    <message>
        <source>{path} is truncated (its header is incomplete).</source>
        <translation>{path} 被截断（文件头不完整）。</translation>
    </message>
    <message>
        <source>{path} is truncated or padded: header says {count} bytes of data, file has {held}.</source>
        <translation>{path} 被截断或有多余内容：文件头说明有 {count} 字节数据，文件中有 {held} 字节。</translation>
    </message>
    <message>
        <source>{path} has shape {shape}, expected {expected}.</source>
        <translation>{path} 的形状为 {shape}，应为 {expected}。</translation>
    </message>
    <message>
        <source>MNIST in {folder} is incomplete: {names} is missing. Put it there, or let digitpad download it.</source>
        <translation>{folder} 中的 MNIST 不完整：缺少 {names}。请把它放到那里，或让 digitpad 下载。</translation>
    </message>
    <message>
        <source>MNIST was not found in {folder}. Put the four files there ({names}), or let digitpad download them.</source>
        <translation>在 {folder} 中没有找到 MNIST。请把四个文件（{names}）放到那里，或让 digitpad 下载。</translation>
    </message>
    <message>
        <source>{path} is corrupt: label {label} at position {position} is not a digit 0-9 ({count} such labels); delete it and download MNIST again.</source>
        <translation>{path} 已损坏：位置 {position} 处的标签 {label} 不是 0–9 的数字（共 {count} 个这样的标签）；请删除它并重新下载 MNIST。</translation>
    </message>
    <message>
        <source>Cannot create {folder} to download MNIST into ({reason}); choose a writable data folder.</source>
        <translation>无法创建 {folder} 来下载 MNIST（{reason}）；请选择一个可写的数据文件夹。</translation>
    </message>
    <message>
        <source>{folder} is read-only; choose a writable data folder to download MNIST into.</source>
        <translation>{folder} 是只读的；请选择一个可写的数据文件夹来下载 MNIST。</translation>
    </message>
    <message>
        <source>Downloading {url}</source>
        <translation>正在下载 {url}</translation>
    </message>
    <message>
        <source>Could not download {name}.gz (offline?): {errors}</source>
        <translation>无法下载 {name}.gz（是否未联网？）：{errors}</translation>
    </message>
    <message>
        <source>Cannot read the pen digits in {path}: {reason}</source>
        <translation>无法读取 {path} 中的手写数字：{reason}</translation>
    </message>
    <message>
        <source>{path} holds no digits (no .SEGMENT DIGIT lines): is it a UNIPEN pen-digits file?</source>
        <translation>{path} 中没有数字（没有 .SEGMENT DIGIT 行）：它是 UNIPEN 手写数字文件吗？</translation>
    </message>
    <message>
        <source>{path}, line {number}: cannot read {line!r} ({reason})</source>
        <translation>{path}，第 {number} 行：无法读取 {line!r}（{reason}）</translation>
    </message>
    <message>
        <source>label {value} is not a digit</source>
        <translation>标签 {value} 不是数字</translation>
    </message>
    <message>
        <source>hold out between 1 and {most} of the {writers} writers, not {held_out}</source>
        <translation>请从 {writers} 位书写者中留出 1 到 {most} 位，而不是 {held_out} 位</translation>
    </message>
    <message>
        <source>{path} is too large ({width}x{height} = {megapixels:.0f} megapixels): digitpad reads pictures of up to {limit} megapixels. Scale it down and try again.</source>
        <translation>{path} 太大（{width}x{height} = {megapixels:.0f} 百万像素）：digitpad 最多读取 {limit} 百万像素的图片。请缩小后重试。</translation>
    </message>
    <message>
        <source>{path} is too large ({megapixels:.0f} megapixels): digitpad reads pictures of up to {limit} megapixels. Scale it down and try again.</source>
        <translation>{path} 太大（{megapixels:.0f} 百万像素）：digitpad 最多读取 {limit} 百万像素的图片。请缩小后重试。</translation>
    </message>
    <message>
        <source>{path} is too large: digitpad reads pictures of up to {limit} megapixels. Scale it down and try again.</source>
        <translation>{path} 太大：digitpad 最多读取 {limit} 百万像素的图片。请缩小后重试。</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is not a readable image ({reason}).</source>
        <translation>{path} 不是可读的图像（{reason}）。</translation>
    </message>
    <message>
        <source>{path} needs more memory to decode than this computer has free.</source>
        <translation>解码 {path} 所需的内存超过了这台计算机的可用内存。</translation>
    </message>
    <message>
        <source>{path} is a folder: name the checkpoint file to write in it.</source>
        <translation>{path} 是文件夹：请指定要在其中写入的检查点文件名。</translation>
    </message>
    <message>
        <source>{path} cannot be saved: {existing} is a file, not a folder.</source>
        <translation>无法保存 {path}：{existing} 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>{path} cannot be saved: the folder {existing} is not writable.</source>
        <translation>无法保存 {path}：文件夹 {existing} 不可写。</translation>
    </message>
    <message>
        <source>not enough space on the disk to save {path} (it needs about {needed}, {free} are free).</source>
        <translation>磁盘空间不足，无法保存 {path}（大约需要 {needed}，可用 {free}）。</translation>
    </message>
    <message>
        <source>not enough space on the disk to save {path} (it needs about {needed}).</source>
        <translation>磁盘空间不足，无法保存 {path}（大约需要 {needed}）。</translation>
    </message>
    <message>
        <source>{path} could not be written: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path} could not be written ({detail}).</source>
        <translation>无法写入 {path}（{detail}）。</translation>
    </message>
    <message>
        <source>{problem} The previous file was kept.</source>
        <translation>{problem}原来的文件已保留。</translation>
    </message>
    <message>
        <source>{path} is a folder, not a checkpoint file.</source>
        <translation>{path} 是文件夹，不是检查点文件。</translation>
    </message>
    <message>
        <source>{path} cannot be read ({reason}).</source>
        <translation>无法读取 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>{path} is empty, not a checkpoint.</source>
        <translation>{path} 是空文件，不是检查点。</translation>
    </message>
    <message>
        <source>{path} was refused: it asks to run {code}, which is code, not weights or plain data (it may be from another program, or crafted to run code).</source>
        <translation>已拒绝 {path}：它要求运行 {code}，这是代码，而不是权重或普通数据（它可能来自其他程序，或被刻意构造来运行代码）。</translation>
    </message>
    <message>
        <source>{path} is not a digitpad checkpoint (not a zip/pickle file).</source>
        <translation>{path} 不是 digitpad 检查点（不是 zip/pickle 文件）。</translation>
    </message>
    <message>
        <source>{path} is not a readable checkpoint (truncated or corrupt: {detail}).</source>
        <translation>{path} 不是可读的检查点（被截断或已损坏：{detail}）。</translation>
    </message>
    <message>
        <source>{path} is not a digitpad checkpoint (it may be a plain PyTorch file or another app&apos;s).</source>
        <translation>{path} 不是 digitpad 检查点（它可能是普通的 PyTorch 文件，或其他应用的文件）。</translation>
    </message>
    <message>
        <source>{path} is incomplete: it lacks {keys}.</source>
        <translation>{path} 不完整：缺少 {keys}。</translation>
    </message>
    <message>
        <source>{path} holds a digit generator (a conditional GAN), not a classifier: it draws digits, it does not read them. Use it with `digitpad generate --model` or the window&apos;s Generate row.</source>
        <translation>{path} 中是一个数字生成器（条件生成对抗网络），不是分类器：它用来画数字，而不是识别数字。请通过 `digitpad generate --model` 或窗口中的“生成”一栏使用它。</translation>
    </message>
    <message>
        <source>{path} holds a {arch} model, which this digitpad does not know ({models}).</source>
        <translation>{path} 中是一个 {arch} 模型，这个版本的 digitpad 不认识它（认识的有：{models}）。</translation>
    </message>
    <message>
        <source>{path}: its settings do not describe a {arch!r} model ({problem}).</source>
        <translation>{path}：其设置描述的不是 {arch!r} 模型（{problem}）。</translation>
    </message>
    <message>
        <source>{path} has a broken format version ({version}, not a whole number from 1): it was not written by digitpad, or it was changed since.</source>
        <translation>{path} 的格式版本已损坏（{version}，不是从 1 起的整数）：它不是由 digitpad 写入的，或者之后被改动过。</translation>
    </message>
    <message>
        <source>{path} uses checkpoint format {version}, newer than this digitpad understands ({known}); update digitpad to open it.</source>
        <translation>{path} 使用检查点格式 {version}，比这个版本的 digitpad 能理解的（{known}）更新；请更新 digitpad 后再打开。</translation>
    </message>
    <message>
        <source>{path}: its input normalisation is {value}, not a mean and a std.</source>
        <translation>{path}：其输入归一化为 {value}，不是一个均值和一个标准差。</translation>
    </message>
    <message>
        <source>{path}: its input mean is {value}, not a number from 0 to 1.</source>
        <translation>{path}：其输入均值为 {value}，不是 0 到 1 之间的数。</translation>
    </message>
    <message>
        <source>{path}: its input std is {value}, not a number from {low} to 1.</source>
        <translation>{path}：其输入标准差为 {value}，不是 {low} 到 1 之间的数。</translation>
    </message>
    <message>
        <source>a table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>a fraction from 0 to 1</source>
        <translation>介于 0 和 1 之间的比例</translation>
    </message>
    <message>
        <source>a count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>a word</source>
        <translation>词</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数</translation>
    </message>
    <message>
        <source>a date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>a name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>{path}: its metadata is a {kind}, not a table of names and values.</source>
        <translation>{path}：其元数据是 {kind}，而不是由名称和值组成的表。</translation>
    </message>
    <message>
        <source>its {key} ({value}) is not {kind}: ignored.</source>
        <translation>其 {key}（{value}）不是{kind}：已忽略。</translation>
    </message>
    <message>
        <source>{path}: its weights are not a state dict.</source>
        <translation>{path}：其权重不是状态字典（state dict）。</translation>
    </message>
    <message>
        <source>{path}: {name} is {value}, not a tensor of weights.</source>
        <translation>{path}：{name} 是 {value}，不是权重张量。</translation>
    </message>
    <message>
        <source>{path}: the weights do not fit a {arch!r} model with its settings ({name} is {got}, the settings make it {want}; the settings make {numbers:,} numbers, the file holds {held:,}).</source>
        <translation>{path}：权重与按其设置构建的 {arch!r} 模型不匹配（{name} 为 {got}，按设置应为 {want}；按设置共有 {numbers:,} 个数，文件中有 {held:,} 个）。</translation>
    </message>
    <message>
        <source>{path}: {name} holds {got} values, where the model needs {want}.</source>
        <translation>{path}：{name} 中是 {got} 类型的值，而模型需要 {want}。</translation>
    </message>
    <message>
        <source>{path}: the weights do not fit a {arch!r} model (missing {missing}; unexpected {unexpected}).</source>
        <translation>{path}：权重与 {arch!r} 模型不匹配（缺少 {missing}；多出 {unexpected}）。</translation>
    </message>
    <message>
        <source>{path}: the weights do not fit a {arch!r} model (missing {missing}).</source>
        <translation>{path}：权重与 {arch!r} 模型不匹配（缺少 {missing}）。</translation>
    </message>
    <message>
        <source>{path}: the weights do not fit a {arch!r} model (unexpected {unexpected}).</source>
        <translation>{path}：权重与 {arch!r} 模型不匹配（多出 {unexpected}）。</translation>
    </message>
    <message>
        <source>{path}: the weights do not fit a {arch!r} model ({detail}).</source>
        <translation>{path}：权重与 {arch!r} 模型不匹配（{detail}）。</translation>
    </message>
    <message>
        <source>{path}: the weights of {name} are not finite numbers (NaN or infinity).</source>
        <translation>{path}：{name} 的权重不是有限数（NaN 或无穷大）。</translation>
    </message>
    <message>
        <source>{path}: the batch-norm variance {name} is negative, which no training produces (a variance is never below 0).</source>
        <translation>{path}：批归一化方差 {name} 为负数，任何训练都不会产生这样的值（方差永远不小于 0）。</translation>
    </message>
    <message>
        <source>{path}: {name} is negative, which no training produces.</source>
        <translation>{path}：{name} 为负数，任何训练都不会产生这样的值。</translation>
    </message>
    <message>
        <source>Convolutional network</source>
        <translation>卷积神经网络</translation>
    </message>
    <message>
        <source>LSTM, row by row</source>
        <translation>LSTM，逐行读取</translation>
    </message>
    <message>
        <source>Vanilla RNN, row by row</source>
        <translation>普通循环神经网络，逐行读取</translation>
    </message>
    <message>
        <source>Multilayer perceptron</source>
        <translation>多层感知机</translation>
    </message>
    <message>
        <source>Softmax regression</source>
        <translation>Softmax 回归</translation>
    </message>
    <message>
        <source>a whole number from 1 to {high}</source>
        <translation>介于 1 和 {high} 之间的整数</translation>
    </message>
    <message>
        <source>a fraction from 0 to below 1</source>
        <translation>不小于 0 且小于 1 的比例</translation>
    </message>
    <message>
        <source>two whole numbers from 1 to {high}</source>
        <translation>两个介于 1 和 {high} 之间的整数</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>布尔值 true 或 false</translation>
    </message>
    <message>
        <source>pool or strided</source>
        <translation>pool 或 strided</translation>
    </message>
    <message>
        <source>up to {layers} layer widths, each a whole number from 1 to {high}</source>
        <translation>至多 {layers} 个层宽度，每个都是介于 1 和 {high} 之间的整数</translation>
    </message>
    <message>
        <source>the settings are a {kind}, not a table of names and values</source>
        <translation>设置是 {kind}，而不是由名称和值组成的表</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>a {model} model has no setting {key} (its settings: {known})</source>
        <translation>{model} 模型没有设置项 {key}（它的设置项：{known}）</translation>
    </message>
    <message>
        <source>{key} must be {words}, not {value}</source>
        <translation>{key} 应为{words}，而不是 {value}</translation>
    </message>
    <message>
        <source>unknown model {name!r}; choose one of {models}</source>
        <translation>未知模型 {name!r}；请从 {models} 中选择</translation>
    </message>
    <message>
        <source>No digits checked yet.</source>
        <translation>还没有检验任何数字。</translation>
    </message>
    <message>
        <source>Score: {correct} / {total} ({accuracy:.0%})</source>
        <translation>得分：{correct} / {total}（{accuracy:.0%}）</translation>
    </message>
    <message>
        <source>Score: {correct} / {total} ({accuracy:.0%}) · misread: {digits}</source>
        <translation>得分：{correct} / {total}（{accuracy:.0%}）· 认错的数字：{digits}</translation>
    </message>
    <message>
        <source>it holds members a digitpad file never has ({names})</source>
        <translation>其中有 digitpad 文件从来不含的成员（{names}）</translation>
    </message>
    <message>
        <source>{path} is not a readable “my digits” file (corrupt, truncated or foreign: {reason}).</source>
        <translation>{path} 不是可读的“我的数字”文件（已损坏、被截断或来自其他程序：{reason}）。</translation>
    </message>
    <message>
        <source>{path} is not a digitpad “my digits” file (it is not an .npz archive).</source>
        <translation>{path} 不是 digitpad 的“我的数字”文件（它不是 .npz 压缩包）。</translation>
    </message>
    <message>
        <source>at {megabytes:.0f} MB it is far larger than any collection</source>
        <translation>它有 {megabytes:.0f} MB，远大于任何手写数字集合</translation>
    </message>
    <message>
        <source>its arrays claim more room than any collection needs</source>
        <translation>其数组声称的大小超过任何手写数字集合所需</translation>
    </message>
    <message>
        <source>{name} claims {megabytes:.0f} MB</source>
        <translation>{name} 声称有 {megabytes:.0f} MB</translation>
    </message>
    <message>
        <source>the end of the archive is missing (the file is truncated)</source>
        <translation>压缩包的结尾缺失（文件被截断）</translation>
    </message>
    <message>
        <source>its archive lists {entries} members, more than a digitpad file has</source>
        <translation>其压缩包列出了 {entries} 个成员，多于 digitpad 文件应有的数量</translation>
    </message>
    <message>
        <source>{name} is in an unknown array format {version}</source>
        <translation>{name} 的数组格式 {version} 未知</translation>
    </message>
    <message>
        <source>{name} is not an array of plain numbers or text ({dtype})</source>
        <translation>{name} 不是由普通数字或文本组成的数组（{dtype}）</translation>
    </message>
    <message>
        <source>{name} claims a shape {shape} its {size} bytes do not hold</source>
        <translation>{name} 声称的形状 {shape} 与它的 {size} 字节不符</translation>
    </message>
    <message>
        <source>{name} is cut short</source>
        <translation>{name} 不完整</translation>
    </message>
    <message>
        <source>the stroke widths do not match the strokes or are not usable numbers</source>
        <translation>笔画宽度与笔画不对应，或不是可用的数</translation>
    </message>
    <message>
        <source>{path} is not a digitpad “my digits” file (it may be another program&apos;s .npz).</source>
        <translation>{path} 不是 digitpad 的“我的数字”文件（它可能是其他程序的 .npz）。</translation>
    </message>
    <message>
        <source>{path} has no readable format version.</source>
        <translation>{path} 没有可读的格式版本。</translation>
    </message>
    <message>
        <source>{path} uses “my digits” format {version}, newer than this digitpad reads ({known}); update digitpad to import it.</source>
        <translation>{path} 使用“我的数字”格式 {version}，比这个版本的 digitpad 能读取的（{known}）更新；请更新 digitpad 后再导入。</translation>
    </message>
    <message>
        <source>{path} is damaged: {what}.</source>
        <translation>{path} 已损坏：{what}。</translation>
    </message>
    <message>
        <source>the labels are not a list of digits</source>
        <translation>标签不是一列数字</translation>
    </message>
    <message>
        <source>{key} has the wrong type ({dtype})</source>
        <translation>{key} 的类型不对（{dtype}）</translation>
    </message>
    <message>
        <source>{key} does not match the {count} labels</source>
        <translation>{key} 与 {count} 个标签不对应</translation>
    </message>
    <message>
        <source>the images are not {count} pictures of 28 x 28 bytes</source>
        <translation>图像不是 {count} 张 28 × 28 字节的图片</translation>
    </message>
    <message>
        <source>a label is not a digit 0-9</source>
        <translation>有标签不是 0–9 的数字</translation>
    </message>
    <message>
        <source>the digit ids are not unique 32-character names</source>
        <translation>数字的 ID 不是互不相同的 32 个字符的名称</translation>
    </message>
    <message>
        <source>a pen width or a timestamp is not a usable number</source>
        <translation>有笔宽或时间戳不是可用的数</translation>
    </message>
    <message>
        <source>the stroke counts do not add up</source>
        <translation>笔画数对不上</translation>
    </message>
    <message>
        <source>the stroke points do not add up</source>
        <translation>笔画点数对不上</translation>
    </message>
    <message>
        <source>a stroke point is not a finite number</source>
        <translation>有笔画点不是有限数</translation>
    </message>
    <message>
        <source>{problem} It could not be set aside ({reason}), so nothing can be saved.</source>
        <translation>{problem}无法把它移到一旁（{reason}），因此无法保存任何内容。</translation>
    </message>
    <message>
        <source>{problem} It was renamed to {name}; nothing in it could be read, and a new collection was started.</source>
        <translation>{problem}它已被重命名为 {name}；其中没有任何可读的内容，已新建一个集合。</translation>
    </message>
    <message>
        <source>{problem} It was renamed to {name}; the one drawing still readable was kept.</source>
        <translation>{problem}它已被重命名为 {name}；仍可读取的 1 个手写数字已保留。</translation>
    </message>
    <message>
        <source>{problem} It was renamed to {name}; the {count} drawings still readable were kept.</source>
        <translation>{problem}它已被重命名为 {name}；仍可读取的 {count} 个手写数字已保留。</translation>
    </message>
    <message>
        <source>no digit {id!r} in {path}</source>
        <translation>{path} 中没有数字 {id!r}</translation>
    </message>
    <message>
        <source>The drawing is empty: draw a digit before adding it to your digits.</source>
        <translation>画布是空的：请先写一个数字，再把它加入“我的数字”。</translation>
    </message>
    <message>
        <source>a digit&apos;s label must be 0-9, not {label!r}</source>
        <translation>数字的标签必须是 0–9，而不是 {label!r}</translation>
    </message>
    <message>
        <source>label smoothing must be a fraction from 0 to below 1, not {value}</source>
        <translation>标签平滑必须是 0 到 1（不含）之间的小数，而不是 {value}</translation>
    </message>
    <message>
        <source>the pen digits&apos; renders must be at least 1, not {count}</source>
        <translation>笔写数字的渲染份数至少为 1，而不是 {count}</translation>
    </message>
    <message>
        <source>optimizer must be one of {choices}, not {value!r}</source>
        <translation>优化器必须是 {choices} 之一，而不是 {value!r}</translation>
    </message>
    <message>
        <source>schedule must be one of {choices}, not {value!r}</source>
        <translation>学习率调度必须是 {choices} 之一，而不是 {value!r}</translation>
    </message>
    <message>
        <source>precision must be one of {choices}, not {value!r}</source>
        <translation>精度必须是 {choices} 之一，而不是 {value!r}</translation>
    </message>
    <message>
        <source>epochs and batch size must be at least 1 and the learning rate positive</source>
        <translation>轮次和批大小至少为 1，学习率必须为正</translation>
    </message>
    <message>
        <source>the learning rate must be a finite number, not {lr}</source>
        <translation>学习率必须是有限数，而不是 {lr}</translation>
    </message>
    <message>
        <source>the histogram interval must be 0 (none) or at least 1 step, not {steps}</source>
        <translation>直方图采样间隔必须为 0（不采样）或至少 1 步，而不是 {steps}</translation>
    </message>
    <message>
        <source>the number of steps must be at least 1, not {steps}</source>
        <translation>步数至少为 1，而不是 {steps}</translation>
    </message>
    <message>
        <source>a batch of {batch:,} images is more than the {images:,} training images; use a batch size of at most {images:,} (the default for {model} is {default})</source>
        <translation>一批 {batch:,} 张图像多于全部 {images:,} 张训练图像；请使用不超过 {images:,} 的批大小（{model} 的默认值为 {default}）</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>Training stopped by the user after {steps} steps.</source>
        <translation>训练在 {steps} 步后被用户停止。</translation>
    </message>
    <message>
        <source>Training diverged at step {step} (the loss became {loss}); the last good weights were kept. Try a lower learning rate.</source>
        <translation>训练在第 {step} 步发散（损失变为 {loss}）；已保留最后一组正常的权重。请尝试更低的学习率。</translation>
    </message>
    <message>
        <source>No pretrained weights yet: {path} does not exist.</source>
        <translation>尚无预训练权重：{path} 不存在。</translation>
    </message>
    <message>
        <source>{file} could not be deleted: {error}.</source>
        <translation>无法删除 {file}：{error}。</translation>
    </message>
    <message>
        <source>Not saved ({folder}: {error}): it is gone when digitpad quits.</source>
        <translation>未保存（{folder}：{error}）：退出 digitpad 后它将消失。</translation>
    </message>
    <message>
        <source>Training stopped before it began; no model was produced.</source>
        <translation>训练在开始前就停止了；没有得到模型。</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <source>Training finished: {epochs} epoch, {steps} steps in {duration}. Test accuracy {accuracy}.</source>
        <translation>训练完成：{epochs} 个轮次，{steps} 步，用时 {duration}。测试准确率 {accuracy}。</translation>
    </message>
    <message>
        <source>Training finished: {epochs} epochs, {steps} steps in {duration}. Test accuracy {accuracy}.</source>
        <translation>训练完成：{epochs} 个轮次，{steps} 步，用时 {duration}。测试准确率 {accuracy}。</translation>
    </message>
    <message>
        <source>Training stopped before the first step; no model was produced.</source>
        <translation>训练在第一步之前就停止了；没有得到模型。</translation>
    </message>
    <message>
        <source>Training stopped after {steps} steps; the model so far was kept (test accuracy {accuracy}).</source>
        <translation>训练在 {steps} 步后停止；已保留目前的模型（测试准确率 {accuracy}）。</translation>
    </message>
    <message>
        <source>The weights from step {step} were kept (test accuracy {accuracy}).</source>
        <translation>已保留第 {step} 步的权重（测试准确率 {accuracy}）。</translation>
    </message>
    <message>
        <source>The last finite weights (step {step}) score {accuracy}, no better than chance: no model was kept.</source>
        <translation>最后一组有限的权重（第 {step} 步）准确率为 {accuracy}，并不比随机猜测好：没有保留模型。</translation>
    </message>
    <message>
        <source>No usable model was produced.</source>
        <translation>没有得到可用的模型。</translation>
    </message>
    <message>
        <source>Training diverged: the loss stopped being a finite number by step {steps}. Try a lower learning rate (it was {lr:g}). {kept}</source>
        <translation>训练发散：到第 {steps} 步时损失已不再是有限数。请尝试更低的学习率（原为 {lr:g}）。{kept}</translation>
    </message>
    <message>
        <source>Training ran out of memory on {memory}: model {model!r} with batch size {batch}. Lower the batch size, pick a smaller model, or train on the CPU.</source>
        <translation>训练时内存不足（{memory}）：模型 {model!r}，批大小 {batch}。请减小批大小、选择更小的模型，或在 CPU 上训练。</translation>
    </message>
    <message>
        <source>Cannot train with these settings: {problem}</source>
        <translation>无法按这些设置训练：{problem}</translation>
    </message>
    <message>
        <source>Training failed: {problem}</source>
        <translation>训练失败：{problem}</translation>
    </message>
    <message>
        <source>Training failed unexpectedly ({kind}: {error}).</source>
        <translation>训练意外失败（{kind}：{error}）。</translation>
    </message>
    <message>
        <source>the GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>the device ({device})</source>
        <translation>设备 {device}</translation>
    </message>
    <message>
        <source>{images} renderings of {digits} real pen digits by {writers} writers</source>
        <translation>{writers} 位书写者的 {digits} 个真实手写数字，渲染为 {images} 张图像</translation>
    </message>
    <message>
        <source>device {name!r} is not available here; available: auto, {devices}</source>
        <translation>这里没有设备 {name!r}；可用的有：auto、{devices}</translation>
    </message>
    <message>
        <source>digitpad&apos;s resources folder was not found (looked in {inside} and {beside}); reinstall digitpad.</source>
        <translation>没有找到 digitpad 的资源文件夹（已查找 {inside} 和 {beside}）；请重新安装 digitpad。</translation>
    </message>
    <message>
        <source>Your held-out digits ({count}): {change}</source>
        <translation>你留出的数字（{count} 个）：{change}</translation>
    </message>
    <message>
        <source>Your held-out digits: none yet (add more drawings to measure the gain)</source>
        <translation>你留出的数字：暂无（请添加更多手写数字来衡量提升）</translation>
    </message>
    <message>
        <source>MNIST test set ({count}): {change}</source>
        <translation>MNIST 测试集（{count} 个）：{change}</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{before} → {after}</source>
        <translation>{before} → {after}</translation>
    </message>
    <message>
        <source>There are no own digits to train on: add some drawings to “my digits” first.</source>
        <translation>没有可用于训练的自己的数字：请先在“我的数字”中添加一些手写数字。</translation>
    </message>
    <message>
        <source>Convolution {k} — {filters} filters of {kh}×{kw}</source>
        <translation>卷积层 {k} — {filters} 个 {kh}×{kw} 卷积核</translation>
    </message>
    <message>
        <source>Pooling {k} — {size}×{size} max</source>
        <translation>池化层 {k} — {size}×{size} 最大池化</translation>
    </message>
    <message>
        <source>Pooling {k} — {size}×{size} average</source>
        <translation>池化层 {k} — {size}×{size} 平均池化</translation>
    </message>
    <message>
        <source>{conv}, after ReLU</source>
        <translation>{conv}，经 ReLU 之后</translation>
    </message>
    <message>
        <source>ReLU {k}</source>
        <translation>ReLU {k}</translation>
    </message>
    <message>
        <source>Batch norm {k}</source>
        <translation>批归一化层 {k}</translation>
    </message>
    <message>
        <source>Dense layer {k} — {units} units</source>
        <translation>全连接层 {k} — {units} 个单元</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>gradient x input</source>
        <translation>梯度 × 输入</translation>
    </message>
    <message>
        <source>gradient x input (Grad-CAM was blank)</source>
        <translation>梯度 × 输入（Grad-CAM 为空白）</translation>
    </message>
    <message>
        <source>{rows}×{cols} max of {values}</source>
        <translation>{rows}×{cols} 窗口内 {values} 的最大值</translation>
    </message>
    <message>
        <source>{rows}×{cols} average of {values}</source>
        <translation>{rows}×{cols} 窗口内 {values} 的平均值</translation>
    </message>
    <message>
        <source>pool</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>This is the first row: the unit starts with nothing remembered (c = 0, h = 0).</source>
        <translation>这是第一行：该单元开始时什么也没有记住（c = 0，h = 0）。</translation>
    </message>
    <message>
        <source>The forget gate kept {kept} of what this unit remembered (c went from {before} to {after}).</source>
        <translation>遗忘门保留了该单元已记住内容的 {kept}（c 从 {before} 变为 {after}）。</translation>
    </message>
    <message>
        <source>The input gate let in {share} of the new candidate value {candidate} (adding {added}, so c is now {cell}).</source>
        <translation>输入门让新的候选状态值 {candidate} 的 {share} 进入（加上 {added}，所以 c 现在是 {cell}）。</translation>
    </message>
    <message>
        <source>The output gate showed {share} of tanh(c) = {tanh}, so h = {h}.</source>
        <translation>输出门输出了 tanh(c) = {tanh} 的 {share}，所以 h = {h}。</translation>
    </message>
    <message>
        <source>it held nothing yet</source>
        <translation>它此前还没有记住任何内容</translation>
    </message>
    <message>
        <source>what it held from the rows above gives {part}</source>
        <translation>它从上面各行记住的内容贡献 {part}</translation>
    </message>
    <message>
        <source>This row&apos;s pixels give {pixels}, {held}, and its bias adds {bias}: {total} in all.</source>
        <translation>这一行的像素贡献 {pixels}，{held}，偏置再加上 {bias}：合计 {total}。</translation>
    </message>
    <message>
        <source>{squash} of {pre} is {value}: the unit&apos;s new h, what it passes on to the next row.</source>
        <translation>{pre} 经 {squash} 得到 {value}：这是该单元新的隐藏状态 h，也就是它传给下一行的值。</translation>
    </message>
    <message>
        <source>as written</source>
        <translation>原始大小</translation>
    </message>
    <message>
        <source>enlarged to {fill:.0%}</source>
        <translation>放大至画布的 {fill:.0%}</translation>
    </message>
    <message>
        <source>{path} holds a {arch} classifier, not a digit generator.</source>
        <translation>{path} 中是一个 {arch} 分类器，不是数字生成器。</translation>
    </message>
    <message>
        <source>{path}: its settings are {value}, not a generator&apos;s latent size and width.</source>
        <translation>{path}：其设置为 {value}，不是生成器的潜在维度和宽度。</translation>
    </message>
    <message>
        <source>{path}: its {key} is {value}, not a whole number from 1 to {high}.</source>
        <translation>{path}：其 {key} 为 {value}，不是 1 到 {high} 之间的整数。</translation>
    </message>
    <message>
        <source>{name} must be a whole number of at least 1, not {value!r}</source>
        <translation>{name} 必须是不小于 1 的整数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>the learning rate {name} must be a positive number, not {value}</source>
        <translation>学习率 {name} 必须是正数，而不是 {value}</translation>
    </message>
    <message>
        <source>ema must be from 0 to below 1 and classify_weight 0 or more, not {ema} and {weight}</source>
        <translation>ema 必须在 0 到 1（不含）之间，classify_weight 必须不小于 0，而不是 {ema} 和 {weight}</translation>
    </message>
    <message>
        <source>a batch of {batch:,} images is more than the {images:,} training images</source>
        <translation>一批 {batch:,} 张图像多于训练图像总数 {images:,} 张</translation>
    </message>
    <message>
        <source>GAN training finished.</source>
        <translation>生成对抗网络训练完成。</translation>
    </message>
    <message>
        <source>GAN training stopped by the user after {steps} steps.</source>
        <translation>生成对抗网络训练在 {steps} 步后被用户停止。</translation>
    </message>
    <message>
        <source>GAN training diverged at step {step} (a loss became {loss}); the last good generator was kept. Try a lower learning rate.</source>
        <translation>生成对抗网络训练在第 {step} 步发散（损失变为 {loss}）；已保留最后一个正常的生成器。请尝试降低学习率。</translation>
    </message>
    <message>
        <source>{path} is a folder: name the ONNX file to write.</source>
        <translation>{path} 是一个文件夹：请指定要写入的 ONNX 文件名。</translation>
    </message>
    <message>
        <source>{path} cannot be written: {existing} is not a writable folder.</source>
        <translation>无法写入 {path}：{existing} 不是可写的文件夹。</translation>
    </message>
    <message>
        <source>ONNX export needs the {module} package: pip install &apos;digitpad[export]&apos;.</source>
        <translation>导出 ONNX 需要 {module} 包：请运行 pip install &apos;digitpad[export]&apos;。</translation>
    </message>
    <message>
        <source>The run history {path} was damaged: it was renamed {aside} and a new one begun.</source>
        <translation>运行记录 {path} 已损坏：已将其重命名为 {aside}，并新建了一份运行记录。</translation>
    </message>
    <message>
        <source>The run history {path} cannot be used: {error}</source>
        <translation>无法使用运行记录 {path}：{error}</translation>
    </message>
    <message>
        <source>This run is not recorded in the run history: {error}</source>
        <translation>本次运行未写入运行记录：{error}</translation>
    </message>
    <message>
        <source>a batch of {batch:,} images is more than the {images:,} images to train on</source>
        <translation>一批 {batch:,} 张图像超过了可用于训练的 {images:,} 张图像</translation>
    </message>
    <message>
        <source>the learning rates must be positive and finite, the first below the last, not {start} and {end}</source>
        <translation>学习率必须是有限的正数，且起始值小于最终值，而不是 {start} 和 {end}</translation>
    </message>
    <message>
        <source>the test needs at least 2 steps and a batch of at least 1, not {steps} and {batch}</source>
        <translation>测试至少需要 2 步，批大小至少为 1，而不是 {steps} 和 {batch}</translation>
    </message>
    <message>
        <source>the smoothing must be at least 0 and below 1, not {value}</source>
        <translation>平滑系数必须不小于 0 且小于 1，而不是 {value}</translation>
    </message>
    <message>
        <source>this model has no dense layer to read features from</source>
        <translation>此模型没有可读取特征的全连接层</translation>
    </message>
    <message>
        <source>the last hidden state: {width} values, after the network has read every row</source>
        <translation>最后的隐藏状态：网络读完所有行后的 {width} 个值</translation>
    </message>
    <message>
        <source>the dense layer after its ReLU: {width} values</source>
        <translation>经过 ReLU 之后的全连接层：{width} 个值</translation>
    </message>
    <message>
        <source>the last hidden layer: {width} values</source>
        <translation>最后一个隐藏层：{width} 个值</translation>
    </message>
    <message>
        <source>the {width} input pixels: this model has no hidden layer, so the map shows what it reads</source>
        <translation>{width} 个输入像素：此模型没有隐藏层，因此投影图显示的是它读到的输入</translation>
    </message>
    <message>
        <source>unknown map method {method!r}</source>
        <translation>未知的投影方式 {method!r}</translation>
    </message>
    <message>
        <source>the test set is empty: there is nothing to map</source>
        <translation>测试集为空：没有可投影的数字</translation>
    </message>
    <message>
        <source>a batch of {batch} images does not split evenly over {processes} processes; use a batch size that is a multiple of {processes}</source>
        <translation>{batch} 张图像的一批无法平均分给 {processes} 个进程；请使用 {processes} 的倍数作为批大小</translation>
    </message>
    <message>
        <source>process {rank} on this machine has no GPU of its own: {gpus} GPUs here</source>
        <translation>本机的第 {rank} 号进程没有自己的 GPU：本机只有 {gpus} 块 GPU</translation>
    </message>
    <message>
        <source>training in several processes runs on CPUs or CUDA GPUs, not on {device}</source>
        <translation>多进程训练只能在 CPU 或 CUDA GPU 上运行，不能在 {device} 上运行</translation>
    </message>
    <message>
        <source>the training processes could not start: {error}</source>
        <translation>训练进程无法启动：{error}</translation>
    </message>
    <message>
        <source>process {rank} of {processes} was killed by {signal}; the other processes were stopped.</source>
        <translation>第 {rank} 号进程（共 {processes} 个）被 {signal} 信号终止；其他进程已停止。</translation>
    </message>
    <message>
        <source>process {rank} of {processes} failed (exit code {code}; its own message is above); the other processes were stopped.</source>
        <translation>第 {rank} 号进程（共 {processes} 个）失败（退出码 {code}，它自己的报错在上方）；其他进程已停止。</translation>
    </message>
    <message>
        <source>Stopped: the window closed during the run.</source>
        <translation>已停止：运行期间窗口被关闭。</translation>
    </message>
</context>
<context>
    <name>DataFolder</name>
    <message>
        <source>MNIST data folder</source>
        <translation>MNIST 数据文件夹</translation>
    </message>
</context>
<context>
    <name>DiscriminatorAccuracyPlot</name>
    <message>
        <source>Discriminator accuracy</source>
        <translation>判别器准确率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>on real digits</source>
        <translation>真实数字</translation>
    </message>
    <message>
        <source>on generated digits</source>
        <translation>生成的数字</translation>
    </message>
</context>
<context>
    <name>DockNote</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>The training panel could not be loaded: {error}</source>
        <translation>无法加载训练面板：{error}</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw a digit here</source>
        <translation>在这里写一个数字</translation>
    </message>
    <message>
        <source>Draw a digit with the mouse or a pen.
Delete / Ctrl+Backspace: clear, Ctrl+Z: undo, Ctrl+Shift+Z: redo</source>
        <translation>用鼠标或数位笔写一个数字。
Delete / Ctrl+Backspace：清除，Ctrl+Z：撤销，Ctrl+Shift+Z：重做</translation>
    </message>
</context>
<context>
    <name>ExplainFormulas</name>
    <message>
        <source>A &lt;b&gt;convolution&lt;/b&gt; slides a small pattern detector, the &lt;i&gt;kernel&lt;/i&gt; (here 3×3 weights), over the image. At every position it multiplies each weight by the pixel under it and adds the products up: the sum is large where the pixels look like the kernel&apos;s pattern (a stroke edge, a corner) and small or negative where they do not. Doing this at every position gives one &lt;i&gt;feature map&lt;/i&gt;: where that pattern is in the image. Pick a pixel of the output map to see its sum worked out on your drawing.</source>
        <translation>&lt;b&gt;卷积&lt;/b&gt;让一个小小的模式检测器——&lt;i&gt;卷积核&lt;/i&gt;（这里是 3×3 个权重）——在图像上滑动。在每个位置，它把每个权重与其下方的像素相乘，再把这些乘积相加：像素越像卷积核的模式（笔画的边缘、拐角），和就越大；不像时，和较小甚至为负。在每个位置都这样计算，就得到一张&lt;i&gt;特征图&lt;/i&gt;，它表示这种模式出现在图像的哪些位置。在输出特征图上选取一个像素，就能看到它的求和在你的手写数字上是如何一步步算出来的。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pooling&lt;/b&gt; shrinks a feature map: it cuts it into 2×2 windows and keeps only the largest value of each. The map gets four times smaller, so later layers are cheaper and see a wider part of the image, and a pattern still counts when it moves by a pixel, because only the strongest response in each window survives.</source>
        <translation>&lt;b&gt;池化&lt;/b&gt;用来缩小特征图：把特征图划分成一个个 2×2 的窗口，每个窗口只保留最大值。特征图缩小为原来的四分之一，后面的层计算量更小，看到的图像范围也更大；而且模式平移一个像素后依然有效，因为每个窗口中只有最强的响应会被保留下来。</translation>
    </message>
    <message>
        <source>The &lt;b&gt;output layer&lt;/b&gt; gives each digit a score, its &lt;i&gt;logit&lt;/i&gt; &lt;i&gt;z&lt;/i&gt;: a bias plus a weighted sum of the features the layers before it found. Scores can be any number, so &lt;b&gt;softmax&lt;/b&gt; turns them into probabilities: it raises &lt;i&gt;e&lt;/i&gt; to each score (making every one positive and stretching the gaps between them) and divides by the total, so the ten answers add up to 100%. The largest score wins.</source>
        <translation>&lt;b&gt;输出层&lt;/b&gt;为每个数字给出一个得分，即它的 &lt;i&gt;logit&lt;/i&gt;（未归一化得分）&lt;i&gt;z&lt;/i&gt;：偏置加上前面各层所提取特征的加权和。得分可以是任意实数，因此由 &lt;b&gt;Softmax&lt;/b&gt; 把它们转换为概率：先计算以 &lt;i&gt;e&lt;/i&gt; 为底、以各得分为指数的幂（使每个值都为正，并拉大它们之间的差距），再除以总和，使十个答案的概率之和为 100%。得分最高的数字胜出。</translation>
    </message>
    <message>
        <source>A &lt;b&gt;recurrent network&lt;/b&gt; reads the picture one row of pixels at a time, from the top, and carries a memory from row to row: the &lt;i&gt;hidden state&lt;/i&gt; &lt;i&gt;h&lt;/i&gt;. An &lt;b&gt;LSTM&lt;/b&gt; also keeps a longer-lived &lt;i&gt;cell&lt;/i&gt; &lt;i&gt;c&lt;/i&gt; and three &lt;i&gt;gates&lt;/i&gt;, numbers between 0 and 1 that decide, for each unit, how much new information gets in (input gate &lt;i&gt;i&lt;/i&gt;), how much of the old memory is kept (forget gate &lt;i&gt;f&lt;/i&gt;) and how much of the memory is shown to the next step (output gate &lt;i&gt;o&lt;/i&gt;); &lt;i&gt;g&lt;/i&gt; is the new candidate content. Each is the same recipe: weights times the row, plus weights times the last memory, plus a bias, squashed.</source>
        <translation>&lt;b&gt;循环神经网络&lt;/b&gt;从上到下每次读取图像的一行像素，并把记忆从一行传到下一行，这份记忆就是&lt;i&gt;隐藏状态&lt;/i&gt; &lt;i&gt;h&lt;/i&gt;。&lt;b&gt;LSTM&lt;/b&gt;（长短期记忆网络）还保存一个存续更久的&lt;i&gt;细胞状态&lt;/i&gt; &lt;i&gt;c&lt;/i&gt; 和三个&lt;i&gt;门&lt;/i&gt;。门是介于 0 和 1 之间的数，对每个单元分别决定：有多少新信息进入（输入门 &lt;i&gt;i&lt;/i&gt;），保留多少旧记忆（遗忘门 &lt;i&gt;f&lt;/i&gt;），以及把多少记忆输出给下一步（输出门 &lt;i&gt;o&lt;/i&gt;）；&lt;i&gt;g&lt;/i&gt; 是新的候选状态。它们的算法都一样：权重乘以当前这一行，加上权重乘以上一步的记忆，再加上偏置，最后经过激活函数压缩。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Training&lt;/b&gt; nudges every weight to make the right answer more likely. The &lt;i&gt;loss&lt;/i&gt; &lt;i&gt;L&lt;/i&gt; = −log &lt;i&gt;p&lt;sub&gt;y&lt;/sub&gt;&lt;/i&gt; measures how surprised the model is by the true label &lt;i&gt;y&lt;/i&gt;: 0 when it gives &lt;i&gt;y&lt;/i&gt; 100%, large when it gives it little. Backpropagation finds the &lt;i&gt;gradient&lt;/i&gt;, how the loss changes when each weight changes; one step of gradient descent moves each weight a little the other way, by the learning rate &lt;i&gt;η&lt;/i&gt; times its gradient. Here is that step on your drawing, for one set of weights.</source>
        <translation>&lt;b&gt;训练&lt;/b&gt;把每个权重都稍稍调整一点，让正确答案的概率更大。&lt;i&gt;损失&lt;/i&gt; &lt;i&gt;L&lt;/i&gt; = −log &lt;i&gt;p&lt;sub&gt;y&lt;/sub&gt;&lt;/i&gt; 衡量模型对真实标签 &lt;i&gt;y&lt;/i&gt; 有多“意外”：模型给 &lt;i&gt;y&lt;/i&gt; 100% 的概率时损失为 0，给得越少，损失越大。反向传播求出&lt;i&gt;梯度&lt;/i&gt;，即每个权重变化时损失如何变化；梯度下降的一步把每个权重朝梯度的反方向移动一点，移动量为学习率 &lt;i&gt;η&lt;/i&gt; 乘以该梯度。下面就是在你的手写数字上、针对一组权重的这一步。</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Output pixel (row {row}, column {col}) of map #{map}&lt;/b&gt;, {layer}:&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;第 {map} 号特征图的输出像素（第 {row} 行，第 {col} 列）&lt;/b&gt;，{layer}：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each pixel &lt;i&gt;x&lt;/i&gt; of the patch times the kernel weight &lt;i&gt;w&lt;/i&gt; on it (input map #{map} of {maps}, the one that adds the most):&lt;/p&gt;</source>
        <translation>&lt;p&gt;图像块中的每个像素 &lt;i&gt;x&lt;/i&gt; 乘以其上对应的卷积核权重 &lt;i&gt;w&lt;/i&gt;（{maps} 张输入特征图中的第 {map} 张，即贡献最大的那张）：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each pixel &lt;i&gt;x&lt;/i&gt; of the patch times the kernel weight &lt;i&gt;w&lt;/i&gt; on it:&lt;/p&gt;</source>
        <translation>&lt;p&gt;图像块中的每个像素 &lt;i&gt;x&lt;/i&gt; 乘以其上对应的卷积核权重 &lt;i&gt;w&lt;/i&gt;：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>patch x</source>
        <translation>图像块 x</translation>
    </message>
    <message>
        <source>kernel w</source>
        <translation>卷积核 w</translation>
    </message>
    <message>
        <source>&lt;p&gt;The kernel has one 3×3 slice per input map ({maps} of them). The sum over each input map: {terms} = {total}&lt;/p&gt;</source>
        <translation>&lt;p&gt;卷积核对每张输入特征图各有一个 3×3 的切片（共 {maps} 个）。各输入特征图上的和：{terms} = {total}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Adding the nine products: {terms}&lt;/p&gt;</source>
        <translation>&lt;p&gt;把九个乘积相加：{terms}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;then &lt;b&gt;{step}&lt;/b&gt;: {formula} = {value}&lt;/p&gt;</source>
        <translation>&lt;p&gt;然后经过 &lt;b&gt;{step}&lt;/b&gt;：{formula} = {value}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Pooled pixel (row {row}, column {col}) of map #{map}&lt;/b&gt;: the {k}×{k} window it summarises, the winner in red:&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;第 {map} 号特征图的池化像素（第 {row} 行，第 {col} 列）&lt;/b&gt;：它所汇总的 {k}×{k} 窗口，最大值以红色标出：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{formula} = {terms} &lt;i&gt;(the last: the rest)&lt;/i&gt; = &lt;b&gt;{logit}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;{formula} = {terms} &lt;i&gt;（最后一项为其余各项之和）&lt;/i&gt; = &lt;b&gt;{logit}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The {count} features &lt;i&gt;a&lt;/i&gt; reaching the output layer are weighted for each digit (the largest products written out):&lt;/p&gt;</source>
        <translation>&lt;p&gt;进入输出层的 {count} 个特征 &lt;i&gt;a&lt;/i&gt; 针对每个数字加权求和（写出了乘积最大的几项）：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Softmax (each &lt;i&gt;e&lt;/i&gt;&lt;sup&gt;&lt;i&gt;z&lt;/i&gt;&lt;/sup&gt; computed as &lt;i&gt;e&lt;/i&gt;&lt;sup&gt;&lt;i&gt;z&lt;/i&gt; − max &lt;i&gt;z&lt;/i&gt;&lt;/sup&gt;, which gives the same fractions without overflowing):&lt;/p&gt;</source>
        <translation>&lt;p&gt;Softmax（每个 &lt;i&gt;e&lt;/i&gt;&lt;sup&gt;&lt;i&gt;z&lt;/i&gt;&lt;/sup&gt; 都按 &lt;i&gt;e&lt;/i&gt;&lt;sup&gt;&lt;i&gt;z&lt;/i&gt; − max &lt;i&gt;z&lt;/i&gt;&lt;/sup&gt; 计算，得到的比例不变，又不会溢出）：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;So the model answers &lt;b&gt;{digit}&lt;/b&gt;, with {p}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;因此，模型的回答是 &lt;b&gt;{digit}&lt;/b&gt;，概率为 {p}。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>input gate</source>
        <translation>输入门</translation>
    </message>
    <message>
        <source>forget gate</source>
        <translation>遗忘门</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选状态</translation>
    </message>
    <message>
        <source>output gate</source>
        <translation>输出门</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Row {row} of {rows}, hidden unit {unit} of {units}&lt;/b&gt;:&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;第 {row} 行（共 {rows} 行），第 {unit} 个隐藏单元（共 {units} 个）&lt;/b&gt;：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{rule}, with &lt;i&gt;η&lt;/i&gt; = {rate}&lt;/p&gt;</source>
        <translation>&lt;p&gt;{rule}，其中 &lt;i&gt;η&lt;/i&gt; = {rate}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{weights} (input map 1 of {maps}):&lt;/p&gt;</source>
        <translation>&lt;p&gt;{weights}（{maps} 张输入特征图中的第 1 张）：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{weights}: {count} weights; the 6 the step moves most:&lt;/p&gt;</source>
        <translation>&lt;p&gt;{weights}：共 {count} 个权重；下面是这一步改变最大的 6 个：&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ExplainView</name>
    <message>
        <source>Convolution</source>
        <translation>卷积层</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化层</translation>
    </message>
    <message>
        <source>Recurrent step</source>
        <translation>循环时间步</translation>
    </message>
    <message>
        <source>Output → softmax</source>
        <translation>输出层 → Softmax</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>训练步</translation>
    </message>
    <message>
        <source>Draw a digit to see every formula worked out on your drawing.</source>
        <translation>写一个数字，就能看到每个公式在你的手写数字上的计算过程。</translation>
    </message>
    <message>
        <source>Explain: the formulas the model runs, with the real numbers for your drawing.</source>
        <translation>计算过程：模型所执行的公式，代入你手写数字的真实数值。</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Output map #{map}</source>
        <translation>第 {map} 号输出特征图</translation>
    </message>
    <message>
        <source>Input map, the patch in red</source>
        <translation>输入特征图，红框为图像块</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Input map #{map} of {maps}, the patch in red</source>
        <translation>第 {map} 张输入特征图（共 {maps} 张），红框为图像块</translation>
    </message>
    <message>
        <source>Kernel #{map} of {maps}</source>
        <translation>卷积核的第 {map} 个切片（共 {maps} 个）</translation>
    </message>
    <message>
        <source>Filter #{filter} of {layer}</source>
        <translation>{layer} 的第 {filter} 个卷积核</translation>
    </message>
    <message>
        <source>The weights of {layer}</source>
        <translation>{layer} 的权重</translation>
    </message>
</context>
<context>
    <name>FeatureMapView</name>
    <message>
        <source>{count} maps of {h} × {w} pixels ({shape})</source>
        <translation>{count} 张 {h} × {w} 像素的特征图（{shape}）</translation>
    </message>
    <message>
        <source>Draw a digit to see what each convolution filter responds to.</source>
        <translation>写一个数字，看看每个卷积核对什么有响应。</translation>
    </message>
    <message>
        <source>Feature maps: what each filter of a layer finds in the input; bright where the filter&apos;s pattern is. Map #k is made by filter #k (Filters tab).</source>
        <translation>特征图：一层中每个卷积核在输入中找到了什么；哪里出现卷积核的模式，哪里就亮。第 k 张特征图由第 k 个卷积核生成（见“卷积核”标签页）。</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Which layer&apos;s output to show</source>
        <translation>显示哪一层的输出</translation>
    </message>
    <message>
        <source>Shared scale</source>
        <translation>统一色标</translation>
    </message>
    <message>
        <source>One colour scale for all maps of the layer</source>
        <translation>该层所有特征图使用同一色标</translation>
    </message>
    <message>
        <source>Per-map scale</source>
        <translation>逐图色标</translation>
    </message>
    <message>
        <source>Each map stretched to its own range</source>
        <translation>每张特征图按各自的取值范围拉伸</translation>
    </message>
    <message>
        <source>Click a map to enlarge it</source>
        <translation>点击一张特征图将其放大</translation>
    </message>
    <message>
        <source>Click a pixel to see how it was computed (Explain tab)</source>
        <translation>点击一个像素，查看它是怎么算出来的（“计算过程”标签页）</translation>
    </message>
    <message>
        <source>Model input</source>
        <translation>模型输入</translation>
    </message>
    <message>
        <source>All maps of the layer (click one to enlarge it):</source>
        <translation>该层的所有特征图（点击一张将其放大）：</translation>
    </message>
    <message>
        <source>Feature maps belong to convolutional networks; the {arch} model has no conv layers.</source>
        <translation>特征图属于卷积神经网络；{arch} 模型没有卷积层。</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Map #{k}, made by filter #{k} of {conv}
min {lo:.2f} · max {hi:.2f}</source>
        <translation>第 {k} 张特征图，由 {conv} 的第 {k} 个卷积核生成
最小值 {lo:.2f} · 最大值 {hi:.2f}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: {shape}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;：{shape}</translation>
    </message>
    <message>
        <source>map #{k}: min {lo:.2f}, max {hi:.2f}, mean {mean:.2f}</source>
        <translation>第 {k} 张特征图：最小值 {lo:.2f}，最大值 {hi:.2f}，平均值 {mean:.2f}</translation>
    </message>
    <message>
        <source>map #{k} (made by filter #{k} of {conv}): min {lo:.2f}, max {hi:.2f}, mean {mean:.2f}</source>
        <translation>第 {k} 张特征图（由 {conv} 的第 {k} 个卷积核生成）：最小值 {lo:.2f}，最大值 {hi:.2f}，平均值 {mean:.2f}</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图片</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>digitpad checkpoints (*.pt);;All files (*)</source>
        <translation>digitpad 检查点 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{path} is not a readable checkpoint ({kind}: {error}).</source>
        <translation>{path} 不是可读取的检查点（{kind}：{error}）。</translation>
    </message>
    <message>
        <source>Cannot open model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>{message}

The current model is still in use.</source>
        <translation>{message}

仍在使用当前模型。</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>digitpad checkpoints (*.pt)</source>
        <translation>digitpad 检查点 (*.pt)</translation>
    </message>
    <message>
        <source>Cannot save model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Export model as ONNX</source>
        <translation>将模型导出为 ONNX</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Cannot export model</source>
        <translation>无法导出模型</translation>
    </message>
    <message>
        <source>Cannot open image</source>
        <translation>无法打开图片</translation>
    </message>
    <message>
        <source>Export drawing</source>
        <translation>导出画面</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Cannot export drawing</source>
        <translation>无法导出画面</translation>
    </message>
    <message>
        <source>{path} could not be written.</source>
        <translation>无法写入 {path}。</translation>
    </message>
    <message>
        <source>Exported {path}</source>
        <translation>已导出 {path}</translation>
    </message>
</context>
<context>
    <name>FineTuneView</name>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Some of your drawings are held out: they show how well the model reads you before and after.</source>
        <translation>你的一部分手写数字会被留出、不参与训练，用来比较模型在微调前后识别你笔迹的效果。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Passes over the training mix</source>
        <translation>完整遍历混合训练数据的次数</translation>
    </message>
    <message>
        <source>MNIST images per epoch</source>
        <translation>每轮 MNIST 图像数</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>MNIST images in each epoch, so the model keeps what it knew (0: all)</source>
        <translation>每轮混入的 MNIST 图像数，让模型不忘记已学到的内容（0：全部）</translation>
    </message>
    <message>
        <source>Share of your digits</source>
        <translation>你的数字占比</translation>
    </message>
    <message>
        <source>Your drawings are repeated until they make this share of each epoch</source>
        <translation>你的手写数字会重复使用，直到在每轮中达到这个占比</translation>
    </message>
    <message>
        <source>Fine-tune selected model</source>
        <translation>微调所选模型</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Add a few drawings of your own first (at least two), then fine-tune.</source>
        <translation>请先添加几个你自己写的数字（至少两个），再进行微调。</translation>
    </message>
    <message>
        <source>Fine-tuning on your {count} drawings (some are held out to measure)…</source>
        <translation>正在用你的 {count} 个手写数字进行微调（其中一部分留作评估）…</translation>
    </message>
    <message>
        <source>Stopping after this batch, then measuring…</source>
        <translation>将在这一批结束后停止，然后进行评估…</translation>
    </message>
    <message>
        <source>Training step {step}/{total} · loss {loss:.3g}</source>
        <translation>训练第 {step}/{total} 步 · 损失 {loss:.3g}</translation>
    </message>
    <message>
        <source>Fine-tuning failed</source>
        <translation>微调失败</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Choose a model to fine-tune first</source>
        <translation>请先选择要微调的模型</translation>
    </message>
    <message>
        <source>Train a copy of {arch} on MNIST plus your digits</source>
        <translation>用 MNIST 和你的数字训练 {arch} 的一个副本</translation>
    </message>
    <message>
        <source>Loading MNIST…</source>
        <translation>正在加载 MNIST…</translation>
    </message>
    <message>
        <source>Preparing your digits (at several pen widths), then measuring the model before training…</source>
        <translation>正在准备你的数字（以几种画笔粗细重新绘制），然后在训练前评估模型…</translation>
    </message>
    <message>
        <source>{error} Choose the MNIST folder in the Training panel.</source>
        <translation>{error}请在训练面板中选择 MNIST 所在的文件夹。</translation>
    </message>
    <message>
        <source>Fine-tuning failed: {error}</source>
        <translation>微调失败：{error}</translation>
    </message>
    <message>
        <source>Fine-tuning failed unexpectedly ({kind}: {error}).</source>
        <translation>微调意外失败（{kind}: {error}）。</translation>
    </message>
</context>
<context>
    <name>GanLossPlot</name>
    <message>
        <source>Generator and discriminator loss</source>
        <translation>生成器与判别器的损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>generator</source>
        <translation>生成器</translation>
    </message>
    <message>
        <source>discriminator</source>
        <translation>判别器</translation>
    </message>
</context>
<context>
    <name>GanView</name>
    <message>
        <source>The generator draws digits from noise; the discriminator learns to tell them from real ones. When it is right only about half the time, the generated digits pass for real.</source>
        <translation>生成器从噪声中画出数字；判别器学习把它们与真实数字区分开。当判别器只在大约一半的情况下判断正确时，生成的数字就足以以假乱真。</translation>
    </message>
    <message>
        <source>Samples from fixed noise, one row per digit, {columns} each</source>
        <translation>由固定噪声生成的样本：每个数字一行，每行 {columns} 个</translation>
    </message>
    <message>
        <source>Samples at step {step} of {total}: one row per digit, the same noise every time</source>
        <translation>第 {step} 步（共 {total} 步）的样本：每个数字一行，每次都用同样的噪声</translation>
    </message>
</context>
<context>
    <name>GenerateRow</name>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Walk</source>
        <translation>漫游</translation>
    </message>
    <message>
        <source>New walk</source>
        <translation>新的漫游</translation>
    </message>
    <message>
        <source>The digit to generate; Random picks one</source>
        <translation>要生成的数字；选“随机”则任选一个</translation>
    </message>
    <message>
        <source>Put a new digit on the canvas, drawn by a conditional GAN&apos;s generator from random noise</source>
        <translation>用条件生成对抗网络（GAN）的生成器从随机噪声画出一个新数字，放到画布上</translation>
    </message>
    <message>
        <source>Walk from one random noise vector to another: the generated digit changes smoothly (one undo step per walk)</source>
        <translation>从一个随机噪声向量漫游到另一个：生成的数字随之平滑变化（一次漫游只占一步撤销）</translation>
    </message>
    <message>
        <source>Pick two new noise vectors to walk between</source>
        <translation>另选两个噪声向量作为漫游的起点和终点</translation>
    </message>
    <message>
        <source>Generator: loading…</source>
        <translation>生成器：加载中…</translation>
    </message>
    <message>
        <source>The generator loads with PyTorch, just after the start.</source>
        <translation>生成器会在启动后随 PyTorch 一起加载。</translation>
    </message>
    <message>
        <source>Generator unreadable</source>
        <translation>生成器无法读取</translation>
    </message>
    <message>
        <source>The generator could not be loaded: {error}</source>
        <translation>无法加载生成器：{error}</translation>
    </message>
    <message>
        <source>Generator missing</source>
        <translation>找不到生成器文件</translation>
    </message>
    <message>
        <source>The generator file {path} is missing.</source>
        <translation>找不到生成器文件 {path}。</translation>
    </message>
    <message>
        <source>No generator yet</source>
        <translation>还没有生成器</translation>
    </message>
    <message>
        <source>No generator yet: train a Conditional GAN in the Training panel, then generate its digits here.</source>
        <translation>还没有生成器：请先在训练面板中训练一个条件生成对抗网络（Conditional GAN），再在这里生成它画的数字。</translation>
    </message>
</context>
<context>
    <name>GeneratorKeeper</name>
    <message>
        <source>Keep this generator? It trained {steps} of {total} steps.</source>
        <translation>保留这个生成器吗？它训练了 {total} 步中的 {steps} 步。</translation>
    </message>
    <message>
        <source>The generator could not be saved: {error}</source>
        <translation>无法保存生成器：{error}</translation>
    </message>
    <message>
        <source>{message} The generator was saved to {path}.</source>
        <translation>{message}生成器已保存到 {path}。</translation>
    </message>
    <message>
        <source>The generator of the unfinished run ({steps} steps) was discarded.</source>
        <translation>未完成训练（{steps} 步）的生成器已丢弃。</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>The canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>Draw one digit, 0 to 9, with the mouse or a tablet pen. Every stroke is read at once. Undo takes back the last stroke; Clear starts again. The pen slider sets the line width in pixels of the 280 × 280 drawing.</source>
        <translation>用鼠标或数位笔写一个 0 到 9 的数字。每写一笔，模型都会立即识别。“撤销”去掉最后一笔，“清除”重新开始。画笔滑块设定线条粗细，单位是 280 × 280 画面中的像素。</translation>
    </message>
    <message>
        <source>The prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>The digit the model reads and how sure it is, with a bar for each of the ten digits (the bars add up to 100%). Pick another model above it; “Compare all models” lists what each one reads.</source>
        <translation>模型认出的数字以及它有多大把握，十个数字各有一根条形（所有条形加起来是 100%）。可在上方选择其他模型；“比较所有模型”会列出每个模型的识别结果。</translation>
    </message>
    <message>
        <source>What the model sees</source>
        <translation>模型看到的图像</translation>
    </message>
    <message>
        <source>Your drawing shrunk to the 28 × 28 grey picture the model was trained on, centred the way MNIST digits are. “Show where the model looks” colours the pixels that changed the answer most.</source>
        <translation>你的手写数字被缩小成模型训练时所用的 28 × 28 灰度图像，并像 MNIST 数字那样居中。“显示模型关注的位置”会给对答案影响最大的像素着色。</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>The row under the canvas: a generative adversarial network draws a digit of your choice onto the canvas, where every model reads it. Walk slides between two of its noise vectors and the digit changes shape as you move; train a generator of your own with “gan — Conditional GAN” in the Training panel.</source>
        <translation>画布下方的一行：生成对抗网络按你选择的数字在画布上画出一个数字，每个模型都会识别它。拖动“漫游”滑块，会在它的两个噪声向量之间移动，数字的形状随之变化；在训练面板中选择“gan — 条件生成对抗网络”，可以训练你自己的生成器。</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train a model of your own on MNIST, 60,000 handwritten digits, and watch the loss fall and the accuracy rise epoch by epoch. Where MNIST is kept is set in Edit › Preferences.</source>
        <translation>用 MNIST（60,000 个手写数字）训练你自己的模型，逐轮观察损失下降、准确率上升。MNIST 的存放位置在“编辑 › 首选项”中设置。</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>What happens between the picture and the answer: the filters a convolutional network learned and the feature maps they make of your drawing, or the state of a recurrent network as it reads the rows, and the test digits the model gets wrong.</source>
        <translation>从图像到答案之间发生了什么：卷积神经网络学到的卷积核及其对你的手写数字生成的特征图，或循环神经网络逐行读取时的状态，以及模型识别错误的测试数字。</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message>
        <source>Save your own drawings with the digit they show, check how well a model reads them, and fine-tune a model so it learns your handwriting.</source>
        <translation>保存你自己写的数字并标注它们是几，检验模型识别它们的效果，并对模型进行微调，让它学会你的笔迹。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Every training run, from the window or the command line, with its settings, curves and result. Select several to lay their curves over each other; the histograms show how each layer&apos;s weights and gradients moved as it trained.</source>
        <translation>每一次训练运行（无论来自窗口还是命令行），连同它的设置、曲线和结果。选中几次运行即可把它们的曲线叠在一起比较；直方图显示每一层的权重和梯度在训练中如何变化。</translation>
    </message>
    <message>
        <source>undo a stroke</source>
        <translation>撤销一笔</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z or Ctrl+Y</source>
        <translation>Ctrl+Shift+Z 或 Ctrl+Y</translation>
    </message>
    <message>
        <source>redo it</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Delete or Ctrl+Backspace</source>
        <translation>Delete 或 Ctrl+Backspace</translation>
    </message>
    <message>
        <source>clear the canvas</source>
        <translation>清除画布</translation>
    </message>
    <message>
        <source>[ and ]</source>
        <translation>[ 和 ]</translation>
    </message>
    <message>
        <source>thinner and wider pen</source>
        <translation>画笔变细、变粗</translation>
    </message>
    <message>
        <source>compare all models</source>
        <translation>比较所有模型</translation>
    </message>
    <message>
        <source>show or hide Training, Inside the model, My digits, Runs</source>
        <translation>显示或隐藏“训练”“模型内部”“我的数字”“运行记录”</translation>
    </message>
    <message>
        <source>open or save a model</source>
        <translation>打开或保存模型</translation>
    </message>
    <message>
        <source>open a picture, export the drawing</source>
        <translation>打开图片、导出画面</translation>
    </message>
    <message>
        <source>this guide</source>
        <translation>本指南</translation>
    </message>
    <message>
        <source>digitpad shows how a neural network reads handwriting. Draw a digit and watch each part of the window.</source>
        <translation>digitpad 展示神经网络如何识别手写数字。写一个数字，然后观察窗口的各个部分。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>View › Reset layout puts the panels back where they started.</source>
        <translation>“视图 › 重置布局”可将各面板恢复到初始位置。</translation>
    </message>
    <message>
        <source>digitpad guide</source>
        <translation>digitpad 指南</translation>
    </message>
</context>
<context>
    <name>HistogramView</name>
    <message>
        <source>Parameter:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>The parameter&apos;s values after each sampled optimiser step</source>
        <translation>每个采样的优化步之后该参数的取值</translation>
    </message>
    <message>
        <source>The gradient of the loss for the parameter, as backpropagation left it (before any clipping)</source>
        <translation>损失对该参数的梯度，即反向传播刚算出的值（未经任何裁剪）</translation>
    </message>
    <message>
        <source>gradient value</source>
        <translation>梯度值</translation>
    </message>
    <message>
        <source>L2 norm of the gradient</source>
        <translation>梯度的 L2 范数</translation>
    </message>
    <message>
        <source>Gradients over time</source>
        <translation>梯度随训练的变化</translation>
    </message>
    <message>
        <source>Weights over time</source>
        <translation>权重随训练的变化</translation>
    </message>
    <message>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
    <message>
        <source>L2 norm of the weights</source>
        <translation>权重的 L2 范数</translation>
    </message>
    <message>
        <source>optimiser step</source>
        <translation>优化步数</translation>
    </message>
    <message>
        <source>L2 norm</source>
        <translation>L2 范数</translation>
    </message>
    <message>
        <source>Select a run in the table to see how its weights and gradients changed.</source>
        <translation>在表格中选择一次运行，即可查看其权重和梯度的变化。</translation>
    </message>
    <message>
        <source>This run recorded no histograms: they are sampled while a classifier trains, every {steps} optimiser steps.</source>
        <translation>这次运行没有记录直方图：直方图在训练分类器时采样，每 {steps} 个优化步一次。</translation>
    </message>
</context>
<context>
    <name>InsightExport</name>
    <message>
        <source>Export view as PNG</source>
        <translation>将视图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}.</source>
        <translation>无法写入 {path}。</translation>
    </message>
</context>
<context>
    <name>InsightPanel</name>
    <message>
        <source>test digit #{index}, a {label} read right</source>
        <translation>测试集第 {index} 号数字（{label}，识别正确）</translation>
    </message>
    <message>
        <source>test digit #{index}, a {label} read as {predicted}</source>
        <translation>测试集第 {index} 号数字（{label} 被误认为 {predicted}）</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Saliency</source>
        <translation>显著性图</translation>
    </message>
    <message>
        <source>Test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>嵌入投影</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>计算过程</translation>
    </message>
    <message>
        <source>your drawing</source>
        <translation>你的手写数字</translation>
    </message>
    <message>
        <source>The views show &lt;b&gt;{source}&lt;/b&gt;, not your drawing.</source>
        <translation>各视图显示的是&lt;b&gt;{source}&lt;/b&gt;，而不是你的手写数字。</translation>
    </message>
    <message>
        <source>Back to my drawing</source>
        <translation>回到我的手写数字</translation>
    </message>
    <message>
        <source>Show your drawing in the views again (drawing does it too)</source>
        <translation>在各视图中重新显示你的手写数字（再写一笔也可以）</translation>
    </message>
    <message>
        <source>RNN states</source>
        <translation>RNN 状态</translation>
    </message>
    <message>
        <source>LSTM gates</source>
        <translation>LSTM 门控</translation>
    </message>
</context>
<context>
    <name>InsightView</name>
    <message>
        <source>Draw a digit to look inside the model.</source>
        <translation>写一个数字，看看模型内部。</translation>
    </message>
    <message>
        <source>Showing: &lt;b&gt;{source}&lt;/b&gt;</source>
        <translation>显示：&lt;b&gt;{source}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>your drawing</source>
        <translation>你的手写数字</translation>
    </message>
    <message>
        <source>&lt;a href=&apos;explain&apos;&gt;How was this computed?&lt;/a&gt;</source>
        <translation>&lt;a href=&apos;explain&apos;&gt;这是怎么算出来的？&lt;/a&gt;</translation>
    </message>
    <message>
        <source>The formulas behind this view, worked out on the same input (Explain tab)</source>
        <translation>此视图背后的公式，用同一个输入逐步算出（“计算过程”标签页）</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Save this view as a PNG picture</source>
        <translation>将此视图保存为 PNG 图片</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>未加载模型。</translation>
    </message>
</context>
<context>
    <name>KeepOffer</name>
    <message>
        <source>Keep this generator?</source>
        <translation>保留这个生成器吗？</translation>
    </message>
    <message>
        <source>Keep saves it on this computer and makes it the one that draws digits; Discard throws it away.</source>
        <translation>“保留”会把它保存在这台电脑上，并用它来生成数字；“丢弃”则将它舍弃。</translation>
    </message>
    <message>
        <source>Keep this model?</source>
        <translation>保留这个模型吗？</translation>
    </message>
    <message>
        <source>Keep adds it to your models, saved on this computer; Discard throws it away.</source>
        <translation>“保留”会把它加入你的模型并保存在这台电脑上；“丢弃”则将它舍弃。</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
</context>
<context>
    <name>KernelView</name>
    <message>
        <source>Filters: the small weight patterns each convolution slides over its input; filter #k makes feature map #k. Red weights add where there is ink, blue ones subtract.</source>
        <translation>卷积核：每个卷积层在输入上滑动的小块权重模式；第 k 个卷积核生成第 k 张特征图。红色权重在有笔迹处增加响应，蓝色权重则减少响应。</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Which conv layer&apos;s filters to show</source>
        <translation>显示哪个卷积层的卷积核</translation>
    </message>
    <message>
        <source>Zoom on:</source>
        <translation>放大：</translation>
    </message>
    <message>
        <source>Which filter to show large</source>
        <translation>放大显示哪个卷积核</translation>
    </message>
    <message>
        <source>Learned filters belong to convolutional networks; the {arch} model has none.</source>
        <translation>学到的卷积核属于卷积神经网络；{arch} 模型没有卷积核。</translation>
    </message>
    <message>
        <source>{count} filters of {kh} × {kw} weights, each slid over the input picture.</source>
        <translation>{count} 个 {kh} × {kw} 权重的卷积核，每个都在输入图像上滑动。</translation>
    </message>
    <message>
        <source>{count} filters (columns), each with a {kh} × {kw} kernel for each of the {maps} maps it reads (rows). Click a filter to zoom on it.</source>
        <translation>{count} 个卷积核（列），每个卷积核对它读取的 {maps} 张特征图（行）各有一个 {kh} × {kw} 的核。点击一个卷积核可将其放大。</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: {text}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;：{text}</translation>
    </message>
    <message>
        <source>Filter #{k} of {conv}: its {kh} × {kw} weights; it makes map #{k}.</source>
        <translation>{conv} 的第 {k} 个卷积核：它的 {kh} × {kw} 个权重；它生成第 {k} 张特征图。</translation>
    </message>
    <message>
        <source>Filter #{k} of {conv}: one {kh} × {kw} kernel per input map (#1 top left, row by row); it adds up what they find into map #{k}.</source>
        <translation>{conv} 的第 {k} 个卷积核：每张输入特征图对应一个 {kh} × {kw} 的核（第 1 个在左上，逐行排列）；它把这些核找到的结果相加，得到第 {k} 张特征图。</translation>
    </message>
    <message>
        <source>filter #{k} of {count}</source>
        <translation>第 {k} 个卷积核，共 {count} 个</translation>
    </message>
    <message>
        <source>filter #{k} (makes map #{k}). Click to zoom.</source>
        <translation>第 {k} 个卷积核（生成第 {k} 张特征图）。点击放大。</translation>
    </message>
    <message>
        <source>filter #{k} (makes map #{k}), kernel for input map #{m}. Click to zoom.</source>
        <translation>第 {k} 个卷积核（生成第 {k} 张特征图），对应第 {m} 张输入特征图的核。点击放大。</translation>
    </message>
    <message>
        <source>kernel for input map #{m}: weight {weight:+.3f}</source>
        <translation>对应第 {m} 张输入特征图的核：权重 {weight:+.3f}</translation>
    </message>
</context>
<context>
    <name>LRFindView</name>
    <message>
        <source>Press Find learning rate to test the model chosen above.</source>
        <translation>按“寻找学习率”，测试上面所选的模型。</translation>
    </message>
    <message>
        <source>Loading MNIST from {folder}…</source>
        <translation>正在从 {folder} 加载 MNIST…</translation>
    </message>
    <message>
        <source>Stopping after this step…</source>
        <translation>将在这一步结束后停止…</translation>
    </message>
    <message>
        <source>Step {step}/{steps} · learning rate {lr:.1e} · loss {loss:.3f}</source>
        <translation>第 {step}/{steps} 步 · 学习率 {lr:.1e} · 损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>{steps} steps are too few to suggest a learning rate.</source>
        <translation>只有 {steps} 步，太少，无法给出建议的学习率。</translation>
    </message>
    <message>
        <source>Suggested learning rate: {lr:.1e}, where the loss falls fastest.</source>
        <translation>建议的学习率：{lr:.1e}，损失在此处下降最快。</translation>
    </message>
    <message>
        <source>The loss shot up at learning rate {lr:.1e}, after {steps} steps. {suggested}</source>
        <translation>经过 {steps} 步，损失在学习率 {lr:.1e} 处急剧上升。{suggested}</translation>
    </message>
    <message>
        <source>Stopped after {steps} steps. {suggested}</source>
        <translation>已在 {steps} 步后停止。{suggested}</translation>
    </message>
    <message>
        <source>The test was cancelled.</source>
        <translation>测试已取消。</translation>
    </message>
    <message>
        <source>A copy of the model trains {steps} steps, one batch each, at a learning rate growing from {start:g} to {end:g}. Where the loss falls fastest, training learns fastest; where it shoots up, training breaks.</source>
        <translation>模型的副本训练 {steps} 步，每步一批，学习率从 {start:g} 逐步增大到 {end:g}。损失下降最快处，训练学得最快；损失急剧上升处，训练开始失效。</translation>
    </message>
    <message>
        <source>Use {lr:.1e}</source>
        <translation>使用 {lr:.1e}</translation>
    </message>
    <message>
        <source>Put the suggested learning rate into the Learning rate field</source>
        <translation>把建议的学习率填入“学习率”一栏</translation>
    </message>
</context>
<context>
    <name>LRPlot</name>
    <message>
        <source>Loss by learning rate</source>
        <translation>各学习率下的损失</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss, smoothed</source>
        <translation>损失（平滑后）</translation>
    </message>
    <message>
        <source>suggested learning rate</source>
        <translation>建议的学习率</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Training loss per step</source>
        <translation>每步训练损失</translation>
    </message>
    <message>
        <source>optimiser step</source>
        <translation>优化步数</translation>
    </message>
    <message>
        <source>per report</source>
        <translation>每次报告</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
</context>
<context>
    <name>LstmView</name>
    <message>
        <source>Input gate i</source>
        <translation>输入门 i</translation>
    </message>
    <message>
        <source>Forget gate f</source>
        <translation>遗忘门 f</translation>
    </message>
    <message>
        <source>Output gate o</source>
        <translation>输出门 o</translation>
    </message>
    <message>
        <source>Candidate g</source>
        <translation>候选状态 g</translation>
    </message>
    <message>
        <source>Cell state c</source>
        <translation>细胞状态 c</translation>
    </message>
    <message>
        <source>Hidden state h</source>
        <translation>隐藏状态 h</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入门</translation>
    </message>
    <message>
        <source>forget</source>
        <translation>遗忘门</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出门</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选状态</translation>
    </message>
    <message>
        <source>cell</source>
        <translation>细胞状态</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>Draw a digit to watch the network read it row by row.</source>
        <translation>写一个数字，看网络如何逐行读取它。</translation>
    </message>
    <message>
        <source>The recurrent network reads the picture one row of pixels at a time, top to bottom; here is what it keeps in memory after each row and what it would answer if it stopped there.</source>
        <translation>循环神经网络从上到下、每次一行像素地读取图像；这里显示它每读完一行后记住了什么，以及如果在此停下它会给出什么答案。</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Which recurrent layer</source>
        <translation>哪一个循环层</translation>
    </message>
    <message>
        <source>Rows read:</source>
        <translation>已读行数：</translation>
    </message>
    <message>
        <source>How many image rows the network has read</source>
        <translation>网络已读取的图像行数</translation>
    </message>
    <message>
        <source>Model input (the row just read in red)</source>
        <translation>模型输入（刚读取的行以红色标出）</translation>
    </message>
    <message>
        <source>If it stopped reading here, it would say:</source>
        <translation>如果在这里停止读取，它会回答：</translation>
    </message>
    <message>
        <source>rows read</source>
        <translation>已读行数</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Each heatmap: one row per image row read (top to bottom), one column per hidden unit. Click a row to step there.</source>
        <translation>每张热力图：每一行对应读取的一行图像（从上到下），每一列对应一个隐藏单元。点击某一行可跳到该时间步。</translation>
    </message>
    <message>
        <source>Bold: &lt;b style=&apos;color:{color}&apos;&gt;{digit}&lt;/b&gt;, its answer so far; faint: the other digits, labelled at the right end.</source>
        <translation>粗线：&lt;b style=&apos;color:{color}&apos;&gt;{digit}&lt;/b&gt;，它目前的答案；细线：其他数字，标注在右端。</translation>
    </message>
    <message>
        <source>This view shows recurrent networks reading the image row by row; the {arch} model is not one.</source>
        <translation>此视图展示循环神经网络逐行读取图像的过程；{arch} 模型不是循环神经网络。</translation>
    </message>
    <message>
        <source>{k} of {count}</source>
        <translation>第 {k} 层，共 {count} 层</translation>
    </message>
    <message>
        <source>gate value</source>
        <translation>门控值</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>&lt;b&gt;After reading row {row} of {steps}&lt;/b&gt;: {summary}</source>
        <translation>&lt;b&gt;读完第 {row} 行（共 {steps} 行）后&lt;/b&gt;：{summary}</translation>
    </message>
    <message>
        <source>after row {row}: &lt;b&gt;{digit}&lt;/b&gt; ({p:.0%})</source>
        <translation>第 {row} 行后：&lt;b&gt;{digit}&lt;/b&gt;（{p:.0%}）</translation>
    </message>
    <message>
        <source>row {row} of {steps}</source>
        <translation>第 {row} 行，共 {steps} 行</translation>
    </message>
    <message>
        <source>{title} after row {row} of {steps}, unit {unit}: {value:.3f}</source>
        <translation>{title}，第 {row} 行后（共 {steps} 行），第 {unit} 个单元：{value:.3f}</translation>
    </message>
    <message>
        <source>input gate mean {mean:.2f}</source>
        <translation>输入门均值 {mean:.2f}</translation>
    </message>
    <message>
        <source>forget gate mean {mean:.2f}</source>
        <translation>遗忘门均值 {mean:.2f}</translation>
    </message>
    <message>
        <source>output gate mean {mean:.2f}</source>
        <translation>输出门均值 {mean:.2f}</translation>
    </message>
    <message>
        <source>|c| mean {mean:.2f}</source>
        <translation>|c| 均值 {mean:.2f}</translation>
    </message>
    <message>
        <source>|h| mean {mean:.2f}</source>
        <translation>|h| 均值 {mean:.2f}</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a digitpad checkpoint (.pt)</source>
        <translation>打开 digitpad 检查点文件（.pt）</translation>
    </message>
    <message>
        <source>&amp;Save model…</source>
        <translation>保存模型(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the selected model to a file</source>
        <translation>将选中的模型保存到文件</translation>
    </message>
    <message>
        <source>Export model as O&amp;NNX…</source>
        <translation>将模型导出为 ONNX(&amp;N)…</translation>
    </message>
    <message>
        <source>Write the selected model as an ONNX file, for onnxruntime and other runtimes</source>
        <translation>将选中的模型写成 ONNX 文件，供 onnxruntime 等推理引擎使用</translation>
    </message>
    <message>
        <source>&amp;Remove model…</source>
        <translation>移除模型(&amp;R)…</translation>
    </message>
    <message>
        <source>Open &amp;image…</source>
        <translation>打开图片(&amp;I)…</translation>
    </message>
    <message>
        <source>Predict a picture of a digit from disk</source>
        <translation>识别磁盘上的一张数字图片</translation>
    </message>
    <message>
        <source>&amp;Export drawing as PNG…</source>
        <translation>将画面导出为 PNG(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the drawing as a 280 × 280 PNG</source>
        <translation>将画面保存为 280 × 280 的 PNG 图片</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close digitpad</source>
        <translation>关闭 digitpad</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>The MNIST data folder and the theme</source>
        <translation>MNIST 数据文件夹和主题</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Training panel</source>
        <translation>训练面板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Inside the model</source>
        <translation>模型内部(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;My digits</source>
        <translation>我的数字(&amp;M)</translation>
    </message>
    <message>
        <source>R&amp;uns</source>
        <translation>运行记录(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put the docks back beside the canvas, tabbed, and the window at its default size</source>
        <translation>将停靠面板以标签页形式放回画布旁，并将窗口恢复为默认大小</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>主题(&amp;H)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>指南(&amp;G)</translation>
    </message>
    <message>
        <source>What each part of the window shows, and the keyboard shortcuts</source>
        <translation>窗口各部分显示的内容，以及键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;About digitpad</source>
        <translation>关于 digitpad(&amp;A)</translation>
    </message>
    <message>
        <source>Versions and credits</source>
        <translation>版本与致谢</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>New model ready: {name}</source>
        <translation>新模型已就绪：{name}</translation>
    </message>
    <message>
        <source>Fine-tuned model ready: {name}</source>
        <translation>微调后的模型已就绪：{name}</translation>
    </message>
</context>
<context>
    <name>MisclassifiedGallery</name>
    <message>
        <source>Evaluate the model on the test set to see the digits it gets wrong.</source>
        <translation>在测试集上评估模型，即可看到它识别错误的数字。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mistakes&lt;/b&gt;: the {count} test digits it gets wrong most confidently, labelled true → predicted (click one to look inside)</source>
        <translation>&lt;b&gt;误分类&lt;/b&gt;：模型最有把握却识别错误的 {count} 个测试数字，标注为 真实 → 预测（点击一个查看模型内部）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{count}&lt;/b&gt; mistakes: {true}s read as {predicted} (click the cell again for all)</source>
        <translation>&lt;b&gt;{count}&lt;/b&gt; 个误分类：{true} 被误认为 {predicted}（再次点击该单元格可显示全部）</translation>
    </message>
    <message>
        <source>Test digit #{index}: it is a {label}; the model says {predicted} with {confidence:.1%} confidence. Click to look inside.</source>
        <translation>测试集第 {index} 号数字：它是 {label}；模型以 {confidence:.1%} 的置信度认为是 {predicted}。点击查看模型内部。</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
</context>
<context>
    <name>ModelCatalog</name>
    <message>
        <source>pretrained</source>
        <translation>预训练</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>自行训练</translation>
    </message>
    <message>
        <source>fine-tuned</source>
        <translation>已微调</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>从文件打开</translation>
    </message>
    <message>
        <source>{name} (not readable)</source>
        <translation>{name}（无法读取）</translation>
    </message>
    <message>
        <source>{arch} — {name} (loading…)</source>
        <translation>{arch} — {name}（正在加载…）</translation>
    </message>
    <message>
        <source>{arch} — {name} (not available)</source>
        <translation>{arch} — {name}（不可用）</translation>
    </message>
    <message>
        <source>{label} (not saved)</source>
        <translation>{label}（未保存）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Not available.</source>
        <translation>不可用。</translation>
    </message>
    <message>
        <source>{title} ({source})</source>
        <translation>{title}（{source}）</translation>
    </message>
    <message>
        <source>MNIST test accuracy: {accuracy}</source>
        <translation>MNIST 测试准确率：{accuracy}</translation>
    </message>
    <message>
        <source>Parameters: {count}</source>
        <translation>参数量：{count}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <source>Kept in {file}</source>
        <translation>保存在 {file}</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <source>The models that come with digitpad cannot be removed.</source>
        <translation>digitpad 自带的模型不能移除。</translation>
    </message>
    <message>
        <source>The model could not be removed.</source>
        <translation>无法移除该模型。</translation>
    </message>
    <message>
        <source>Remove “{name}” from your models?

Its file {file} is deleted.</source>
        <translation>要从你的模型中移除“{name}”吗？

它的文件 {file} 将被删除。</translation>
    </message>
    <message>
        <source>Remove “{name}” from your models?</source>
        <translation>要从你的模型中移除“{name}”吗？</translation>
    </message>
</context>
<context>
    <name>ModelInputPanel</name>
    <message>
        <source>{method} on your drawing, for “{digit}”: empty, no pixel changes the score, so none is coloured.</source>
        <translation>你的手写数字针对“{digit}”的 {method}：空白，没有哪个像素会改变得分，因此没有着色。</translation>
    </message>
    <message>
        <source>{method} on your drawing, for “{digit}”: the brighter, the more a pixel raises the score.</source>
        <translation>你的手写数字针对“{digit}”的 {method}：像素越亮，对得分的提升越大。</translation>
    </message>
    <message>
        <source>Show where the model looks (saliency)</source>
        <translation>显示模型关注的位置（显著性图）</translation>
    </message>
    <message>
        <source>Overlay the saliency of the predicted digit on your drawing: Grad-CAM on the last feature maps for CNNs (gradient × input when Grad-CAM comes out blank), |gradient × input| for the other models. The brighter and more opaque, the more a pixel raises the predicted digit&apos;s score.</source>
        <translation>在你的手写数字上叠加预测数字的显著性图：CNN 使用最后一层特征图上的 Grad-CAM（Grad-CAM 为空白时改用梯度 × 输入），其他模型使用 |梯度 × 输入|。像素越亮、越不透明，对预测数字得分的提升越大。</translation>
    </message>
</context>
<context>
    <name>ModelInputView</name>
    <message>
        <source>What the model sees: your drawing cropped, scaled to 20 px and centred in 28 x 28, like MNIST</source>
        <translation>模型看到的图像：你的手写数字经过裁剪，缩放到 20 像素，再像 MNIST 那样居中放入 28 × 28 的画面</translation>
    </message>
</context>
<context>
    <name>ModelSelector</name>
    <message>
        <source>The model that reads your drawing: {model}</source>
        <translation>识别你手写数字的模型：{model}</translation>
    </message>
    <message>
        <source>The model that reads your drawing</source>
        <translation>识别你手写数字的模型</translation>
    </message>
</context>
<context>
    <name>MyDigitsBrowser</name>
    <message>
        <source>digitpad digits (*.npz);;All files (*)</source>
        <translation>digitpad 数字文件 (*.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export my digits</source>
        <translation>导出我的数字</translation>
    </message>
    <message>
        <source>Import digits</source>
        <translation>导入数字</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Relabel as</source>
        <translation>重新标注为</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save all your digits to one .npz file, to use them on another machine</source>
        <translation>将你的全部数字保存到一个 .npz 文件中，以便在另一台计算机上使用</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add the digits of a file exported by digitpad</source>
        <translation>添加由 digitpad 导出的文件中的数字</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>1 drawing of your own. Missing: {missing}</source>
        <translation>你自己写的数字共 1 个。缺少：{missing}</translation>
    </message>
    <message>
        <source>{total} drawings of your own. Missing: {missing}</source>
        <translation>你自己写的数字共 {total} 个。缺少：{missing}</translation>
    </message>
    <message>
        <source>A {label}, added {when} · picture, pen {width:.0f} px</source>
        <translation>数字 {label}，添加于 {when} · 图片，画笔粗细 {width:.0f} 像素</translation>
    </message>
    <message>
        <source>A {label}, added {when} · 1 stroke, pen {width:.0f} px</source>
        <translation>数字 {label}，添加于 {when} · 1 笔，画笔粗细 {width:.0f} 像素</translation>
    </message>
    <message>
        <source>A {label}, added {when} · {strokes} strokes, pen {width:.0f} px</source>
        <translation>数字 {label}，添加于 {when} · {strokes} 笔，画笔粗细 {width:.0f} 像素</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <source>Cannot undo</source>
        <translation>无法撤销</translation>
    </message>
    <message>
        <source>Cannot relabel</source>
        <translation>无法重新标注</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>{path} could not be written: {error}.</source>
        <translation>无法写入 {path}：{error}。</translation>
    </message>
    <message>
        <source>Exported {count} drawings to {path}.</source>
        <translation>已将 {count} 个手写数字导出到 {path}。</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>{error}

Nothing was imported; your digits are unchanged.</source>
        <translation>{error}

没有导入任何内容，你的数字保持不变。</translation>
    </message>
    <message>
        <source>Your digits could not be saved: {error}.</source>
        <translation>无法保存你的数字：{error}。</translation>
    </message>
    <message>
        <source>Imported {added} drawings ({skipped} you already had were skipped).</source>
        <translation>已导入 {added} 个手写数字（跳过了 {skipped} 个已有的）。</translation>
    </message>
    <message>
        <source>Imported {added} drawings.</source>
        <translation>已导入 {added} 个手写数字。</translation>
    </message>
    <message>
        <source>Your digits could not be saved ({error}); nothing was changed.</source>
        <translation>无法保存你的数字（{error}），没有做任何更改。</translation>
    </message>
    <message>
        <source>Your digits file was damaged</source>
        <translation>你的数字文件已损坏</translation>
    </message>
</context>
<context>
    <name>MyDigitsPanel</name>
    <message>
        <source>Your digits could not be read</source>
        <translation>无法读取你的数字</translation>
    </message>
    <message>
        <source>Keep the drawing as…</source>
        <translation>将画布上的数字保存为…</translation>
    </message>
    <message>
        <source>Keep the drawing as a {digit} (or press {digit} on the canvas)</source>
        <translation>将画布上的数字保存为 {digit}（也可以在画布上按 {digit} 键）</translation>
    </message>
    <message>
        <source>Draw a digit, then press its key (0-9) on the canvas to keep it in your collection.</source>
        <translation>写一个数字，然后在画布上按对应的数字键（0-9），就能把它保存到你的收藏中。</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Quick check</source>
        <translation>快速检验</translation>
    </message>
    <message>
        <source>Draw a {label} on the canvas first, then press {label} to keep it.</source>
        <translation>请先在画布上写一个 {label}，再按 {label} 键保存。</translation>
    </message>
    <message>
        <source>Cannot save the drawing</source>
        <translation>无法保存这个手写数字</translation>
    </message>
    <message>
        <source>{path} could not be written: {error}.</source>
        <translation>无法写入 {path}：{error}。</translation>
    </message>
    <message>
        <source>Kept as a {label}: {count} of them, {total} in all.</source>
        <translation>已保存为 {label}：这个数字现有 {count} 个，总共 {total} 个。</translation>
    </message>
    <message>
        <source>Your digits file was damaged</source>
        <translation>你的数字文件已损坏</translation>
    </message>
    <message>
        <source>Draw a {digit} first, then press Enter.</source>
        <translation>请先写一个 {digit}，再按回车键。</translation>
    </message>
    <message>
        <source>{total} drawings in your collection, every digit among them.</source>
        <translation>你的收藏中共有 {total} 个手写数字，0 到 9 每个数字都有。</translation>
    </message>
    <message>
        <source>1 drawing in your collection; none yet of {missing}.</source>
        <translation>你的收藏中共有 1 个手写数字；还没有这些数字：{missing}。</translation>
    </message>
    <message>
        <source>{total} drawings in your collection; none yet of {missing}.</source>
        <translation>你的收藏中共有 {total} 个手写数字；还没有这些数字：{missing}。</translation>
    </message>
</context>
<context>
    <name>OutputPage</name>
    <message>
        <source>Show all ten digits</source>
        <translation>显示全部十个数字</translation>
    </message>
    <message>
        <source>Write out every digit&apos;s score, not only the three most likely</source>
        <translation>写出每个数字的得分，而不只是最可能的三个</translation>
    </message>
</context>
<context>
    <name>PoolPage</name>
    <message>
        <source>Which pooling layer</source>
        <translation>选择池化层</translation>
    </message>
    <message>
        <source>Which map</source>
        <translation>选择特征图</translation>
    </message>
    <message>
        <source>Row of the pooled pixel</source>
        <translation>池化像素所在的行</translation>
    </message>
    <message>
        <source>Column of the pooled pixel</source>
        <translation>池化像素所在的列</translation>
    </message>
</context>
<context>
    <name>PredictionColumn</name>
    <message>
        <source>&amp;Compare all models</source>
        <translation>比较所有模型(&amp;C)</translation>
    </message>
    <message>
        <source>Compare all models</source>
        <translation>比较所有模型</translation>
    </message>
    <message>
        <source>Show every model&apos;s prediction side by side (Ctrl+M)</source>
        <translation>并排显示每个模型的预测（Ctrl+M）</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>What the model sees (28 × 28)</source>
        <translation>模型看到的图像（28 × 28）</translation>
    </message>
</context>
<context>
    <name>PredictionView</name>
    <message>
        <source>Draw a digit from 0 to 9</source>
        <translation>写一个 0 到 9 的数字</translation>
    </message>
    <message>
        <source>Loading the models… the prediction appears as soon as they are ready.</source>
        <translation>正在加载模型…加载完成后就会显示预测。</translation>
    </message>
    <message>
        <source>The digit the selected model sees</source>
        <translation>所选模型认出的数字</translation>
    </message>
    <message>
        <source>No model is available yet: open one (Ctrl+O) or train one in the Training panel.</source>
        <translation>还没有可用的模型：请打开一个模型（Ctrl+O），或在训练面板中训练一个。</translation>
    </message>
    <message>
        <source>The prediction appears as you draw.</source>
        <translation>预测会随着你的书写实时显示。</translation>
    </message>
    <message>
        <source>{percent} sure</source>
        <translation>有 {percent} 的把握</translation>
    </message>
    <message>
        <source>{model} reads a {digit}.</source>
        <translation>{model} 认出的是 {digit}。</translation>
    </message>
    <message>
        <source>Probably {digit} ({confidence:.0%})</source>
        <translation>可能是 {digit}（{confidence:.0%}）</translation>
    </message>
    <message>
        <source>Could also be {digit} ({confidence:.0%}).</source>
        <translation>也可能是 {digit}（{confidence:.0%}）。</translation>
    </message>
    <message>
        <source>Not sure</source>
        <translation>没有把握</translation>
    </message>
    <message>
        <source>Maybe {first} ({first_confidence:.0%}) or {second} ({second_confidence:.0%}). Try drawing it more clearly.</source>
        <translation>也许是 {first}（{first_confidence:.0%}），也许是 {second}（{second_confidence:.0%}）。请试着写得更清楚些。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>The folder holding MNIST/raw; empty: the default folder</source>
        <translation>包含 MNIST/raw 的文件夹；留空则使用默认文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Download MNIST (about 12 MB) when the folder lacks it</source>
        <translation>文件夹中没有 MNIST 时自动下载（约 12 MB）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>MNIST data folder</source>
        <translation>MNIST 数据文件夹</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Changes apply at once. The training, test-set and fine-tune views read the same folder.</source>
        <translation>更改立即生效。训练、测试集和微调视图都读取同一个文件夹。</translation>
    </message>
</context>
<context>
    <name>ProbabilityChart</name>
    <message>
        <source>Probability the model gives each digit</source>
        <translation>模型给出的每个数字的概率</translation>
    </message>
</context>
<context>
    <name>ProjectorMap</name>
    <message>
        <source>test digit #{index}: a {label}, read as {predicted}</source>
        <translation>测试集第 {index} 号数字：{label}，被识别为 {predicted}</translation>
    </message>
    <message>
        <source>Colour = true digit: {colours}&lt;br&gt;● read right · ✕ read wrong · ★ the input shown · ◆ your own digits</source>
        <translation>颜色 = 真实数字：{colours}&lt;br&gt;● 识别正确 · ✕ 识别错误 · ★ 当前输入 · ◆ 你自己的数字</translation>
    </message>
    <message>
        <source>Colour = true digit: {colours}&lt;br&gt;● read right · ✕ read wrong · ★ the input shown</source>
        <translation>颜色 = 真实数字：{colours}&lt;br&gt;● 识别正确 · ✕ 识别错误 · ★ 当前输入</translation>
    </message>
    <message>
        <source>Features: {source}.</source>
        <translation>特征：{source}。</translation>
    </message>
    <message>
        <source>PC 1 ({share:.0%} of the variance)</source>
        <translation>主成分 1（占方差的 {share:.0%}）</translation>
    </message>
    <message>
        <source>PC 2 ({share:.0%} of the variance)</source>
        <translation>主成分 2（占方差的 {share:.0%}）</translation>
    </message>
    <message>
        <source>PCA of {count:,} test digits: the two directions in which their features vary most. The drawing is projected onto them exactly.</source>
        <translation>对 {count:,} 个测试数字做主成分分析：取它们的特征变化最大的两个方向。你的手写数字按这两个方向精确投影。</translation>
    </message>
    <message>
        <source>t-SNE 1</source>
        <translation>t-SNE 1</translation>
    </message>
    <message>
        <source>t-SNE 2</source>
        <translation>t-SNE 2</translation>
    </message>
    <message>
        <source>t-SNE of {count:,} test digits (a fixed sample): near neighbours stay near, but the axes and the distances between clusters mean little. t-SNE cannot place new points, so the drawing is put at the distance-weighted mean of the places of its {k} nearest test digits in feature space.</source>
        <translation>对 {count:,} 个测试数字（固定抽样）做 t-SNE：相近的点仍然相近，但坐标轴和簇之间的距离没有多大意义。t-SNE 无法放置新的点，因此你的手写数字被放在特征空间中离它最近的 {k} 个测试数字的位置按距离加权的平均处。</translation>
    </message>
    <message>
        <source>{name}. Click to look inside.</source>
        <translation>{name}。点击查看模型内部。</translation>
    </message>
    <message>
        <source>your own digit: a {label}, read as {predicted}</source>
        <translation>你自己的数字：{label}，被识别为 {predicted}</translation>
    </message>
    <message>
        <source>Point at a dot to name it; click it to see that digit in every view.</source>
        <translation>指向一个点即可看到它是哪个数字；点击它，所有视图都会显示这个数字。</translation>
    </message>
    <message>
        <source>★ {source}: read as {predicted} ({confidence:.0%})</source>
        <translation>★ {source}：被识别为 {predicted}（{confidence:.0%}）</translation>
    </message>
</context>
<context>
    <name>ProjectorView</name>
    <message>
        <source>PCA</source>
        <translation>PCA（主成分分析）</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>Projector: each dot is a test digit, placed by what the model&apos;s last hidden layer makes of it, so digits it reads alike lie close together. The star is the input shown: it moves as you draw.</source>
        <translation>嵌入投影：每个点是一个测试数字，按模型最后一个隐藏层对它的理解摆放，因此模型读起来相似的数字彼此靠近。星形是当前输入，会随着你的书写移动。</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>投影方式：</translation>
    </message>
    <message>
        <source>How the features are laid flat: PCA is quick and exact, t-SNE shows clusters but takes longer</source>
        <translation>如何把特征铺到平面上：PCA 快速且精确；t-SNE 能显出聚类，但耗时更长</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Make the map</source>
        <translation>生成投影图</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Pick the folder that holds MNIST/raw, then make the map</source>
        <translation>选择包含 MNIST/raw 的文件夹，然后生成投影图</translation>
    </message>
    <message>
        <source>Download MNIST</source>
        <translation>下载 MNIST</translation>
    </message>
    <message>
        <source>Download the four MNIST files (11 MB) into the data folder, then make the map</source>
        <translation>将四个 MNIST 文件（11 MB）下载到数据文件夹，然后生成投影图</translation>
    </message>
    <message>
        <source>Downloading MNIST…</source>
        <translation>正在下载 MNIST…</translation>
    </message>
    <message>
        <source>Loading the test set…</source>
        <translation>正在加载测试集…</translation>
    </message>
    <message>
        <source>Reading the features of the test digits… {done:,} of {total:,}</source>
        <translation>正在读取测试数字的特征…已完成 {done:,} 个，共 {total:,} 个</translation>
    </message>
    <message>
        <source>t-SNE is arranging {count:,} digits (this can take a minute)…</source>
        <translation>t-SNE 正在排布 {count:,} 个数字（可能需要一分钟）…</translation>
    </message>
    <message>
        <source>The map could not be made: {kind}: {error}</source>
        <translation>无法生成投影图：{kind}：{error}</translation>
    </message>
    <message>
        <source>Map cancelled.</source>
        <translation>投影已取消。</translation>
    </message>
</context>
<context>
    <name>QuickCheckView</name>
    <message>
        <source>Check (Enter)</source>
        <translation>检验（回车键）</translation>
    </message>
    <message>
        <source>Read the drawing with the selected model (Enter on the canvas does the same)</source>
        <translation>用所选模型识别画布上的数字（在画布上按回车键效果相同）</translation>
    </message>
    <message>
        <source>Keep checked drawings in my digits</source>
        <translation>将检验过的数字保存到“我的数字”</translation>
    </message>
    <message>
        <source>Each drawing is stored with the digit that was asked for</source>
        <translation>每个手写数字都按要求写的数字来标注和保存</translation>
    </message>
    <message>
        <source>How well does the selected model read your handwriting?</source>
        <translation>所选模型识别你的笔迹有多准？</translation>
    </message>
    <message>
        <source>Draw a {digit}</source>
        <translation>请写一个 {digit}</translation>
    </message>
    <message>
        <source>✓ Read as {read_as} ({confidence:.0%})</source>
        <translation>✓ 识别为 {read_as}（{confidence:.0%}）</translation>
    </message>
    <message>
        <source>✗ Read as {read_as} ({confidence:.0%}), not {asked}</source>
        <translation>✗ 识别为 {read_as}（{confidence:.0%}），而不是 {asked}</translation>
    </message>
    <message>
        <source>Press Start: you will be asked for digits in random order.</source>
        <translation>点击“开始快速检验”后，程序会按随机顺序请你写出各个数字。</translation>
    </message>
    <message>
        <source>Stop quick check</source>
        <translation>停止快速检验</translation>
    </message>
    <message>
        <source>Start quick check</source>
        <translation>开始快速检验</translation>
    </message>
    <message>
        <source>Choose a model first</source>
        <translation>请先选择一个模型</translation>
    </message>
</context>
<context>
    <name>RecurrentPage</name>
    <message>
        <source>row {row} of {rows}</source>
        <translation>第 {row} 行（共 {rows} 行）</translation>
    </message>
    <message>
        <source>Which image row the network is reading</source>
        <translation>网络正在读取图像的哪一行</translation>
    </message>
    <message>
        <source>Which hidden unit</source>
        <translation>选择隐藏单元</translation>
    </message>
    <message>
        <source>Row:</source>
        <translation>行：</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单元：</translation>
    </message>
    <message>
        <source>The row of pixels read at this step, &lt;i&gt;x&lt;sub&gt;t&lt;/sub&gt;&lt;/i&gt;:</source>
        <translation>这一时间步读取的一行像素 &lt;i&gt;x&lt;sub&gt;t&lt;/sub&gt;&lt;/i&gt;：</translation>
    </message>
</context>
<context>
    <name>RunButtons</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train a new model with these settings</source>
        <translation>用这些设置训练一个新模型</translation>
    </message>
    <message>
        <source>Pause or resume training</source>
        <translation>暂停或继续训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop now and keep the model trained so far</source>
        <translation>立即停止，并保留目前训练出的模型</translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation>寻找学习率</translation>
    </message>
    <message>
        <source>Train a copy of the chosen model briefly at a growing learning rate, and suggest a good one</source>
        <translation>以逐步增大的学习率短暂训练所选模型的副本，并建议一个合适的学习率</translation>
    </message>
    <message>
        <source>Fine-tune on my digits…</source>
        <translation>用我的数字微调…</translation>
    </message>
    <message>
        <source>Continue training the selected model on MNIST plus your own labelled drawings (My digits)</source>
        <translation>在 MNIST 和你自己标注过的手写数字（我的数字）上继续训练所选模型</translation>
    </message>
</context>
<context>
    <name>RunCurves</name>
    <message>
        <source>Run {id} · {model} (generator)</source>
        <translation>运行 {id} · {model}（生成器）</translation>
    </message>
    <message>
        <source>Run {id} · {model}</source>
        <translation>运行 {id} · {model}</translation>
    </message>
    <message>
        <source>Training loss by step</source>
        <translation>各步的训练损失</translation>
    </message>
    <message>
        <source>optimiser step</source>
        <translation>优化步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Validation accuracy by epoch</source>
        <translation>各轮次的验证准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>The selected runs logged no loss or accuracy to plot.</source>
        <translation>所选运行没有记录可绘制的损失或准确率。</translation>
    </message>
    <message>
        <source>Select runs in the table to overlay their training curves.</source>
        <translation>在表格中选择运行，即可叠加显示它们的训练曲线。</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Delete runs {ids} from the run history?

Their checkpoint files are deleted too:
{files}</source>
        <translation>要从运行记录中删除运行 {ids} 吗？

它们的检查点文件也会一并删除：
{files}</translation>
    </message>
    <message>
        <source>Delete runs {ids} from the run history?</source>
        <translation>要从运行记录中删除运行 {ids} 吗？</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>CSV, one row a logged value (*.csv)</source>
        <translation>CSV，每行一个记录值 (*.csv)</translation>
    </message>
    <message>
        <source>JSON, one record a run (*.json)</source>
        <translation>JSON，每次运行一条记录 (*.json)</translation>
    </message>
    <message>
        <source>Export runs</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <source>Deleted runs {ids}.</source>
        <translation>已删除运行 {ids}。</translation>
    </message>
    <message>
        <source>Deleted their checkpoints: {files}.</source>
        <translation>已删除它们的检查点：{files}。</translation>
    </message>
    <message>
        <source>Kept {files}: the models that come with digitpad are never deleted.</source>
        <translation>已保留 {files}：随 digitpad 提供的模型永远不会被删除。</translation>
    </message>
    <message>
        <source>Could not delete {path}: {error}.</source>
        <translation>无法删除 {path}：{error}。</translation>
    </message>
    <message>
        <source>The curves of the first {shown} selected runs are drawn.</source>
        <translation>只绘制了所选运行中前 {shown} 次的曲线。</translation>
    </message>
    <message>
        <source>Run {id} saved no model to open.</source>
        <translation>运行 {id} 没有保存可打开的模型。</translation>
    </message>
    <message>
        <source>The model of run {id}, {path}, is no longer there.</source>
        <translation>运行 {id} 的模型 {path} 已不存在。</translation>
    </message>
    <message>
        <source>Opened the model of run {id}.</source>
        <translation>已打开运行 {id} 的模型。</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>正在导出到 {path}…</translation>
    </message>
    <message>
        <source>Wrote {count} runs to {path}.</source>
        <translation>已将 {count} 次运行写入 {path}。</translation>
    </message>
    <message>
        <source>Could not export to {path}: {error}</source>
        <translation>无法导出到 {path}：{error}</translation>
    </message>
    <message>
        <source>Every training run recorded on this computer, newest first. Select several to overlay their curves; the histograms show how the current run&apos;s weights and gradients changed as it trained.</source>
        <translation>这台电脑上记录的每一次训练运行，最新的在前。选择多次运行可叠加比较它们的曲线；直方图显示当前运行的权重和梯度在训练中如何变化。</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Open the selected run&apos;s model in the model list, as File &gt; Open does</source>
        <translation>在模型列表中打开所选运行的模型，与“文件 &gt; 打开模型”相同</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the selected runs and their checkpoint files</source>
        <translation>删除所选运行及其检查点文件</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the selected runs (or every run) and all they logged to a CSV or JSON file</source>
        <translation>将所选运行（或全部运行）及其记录的全部数据写入 CSV 或 JSON 文件</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the run history again</source>
        <translation>重新读取运行记录</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Weights and gradients</source>
        <translation>权重与梯度</translation>
    </message>
    <message>
        <source>The run history {path} could not be read: {error}</source>
        <translation>无法读取运行记录 {path}：{error}</translation>
    </message>
    <message>
        <source>Reading the run history…</source>
        <translation>正在读取运行记录…</translation>
    </message>
    <message>
        <source>No runs recorded yet. Train a model in the Training panel (or run `digitpad train` in a terminal) and it is listed here, with its curves.</source>
        <translation>尚未记录任何运行。在训练面板中训练一个模型（或在终端运行 `digitpad train`），它就会连同曲线一起列在这里。</translation>
    </message>
</context>
<context>
    <name>RunsTable</name>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>fine-tuning</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>GAN</source>
        <translation>GAN</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>SaliencyView</name>
    <message>
        <source>relative importance (0 = none, 1 = most)</source>
        <translation>相对重要性（0 = 无，1 = 最高）</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>gradient x input</source>
        <translation>梯度 × 输入</translation>
    </message>
    <message>
        <source>gradient x input (Grad-CAM was blank)</source>
        <translation>梯度 × 输入（Grad-CAM 为空白）</translation>
    </message>
    <message>
        <source>occlusion</source>
        <translation>遮挡法</translation>
    </message>
    <message>
        <source>integrated gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <source>Grad-CAM: the areas of the last feature maps that raise the predicted digit&apos;s score. It works on a coarse grid, so it also colours paper next to the strokes.</source>
        <translation>Grad-CAM（梯度加权类激活图）：最后一层特征图中提高预测数字得分的区域。它在粗糙的网格上计算，所以笔画旁边的空白纸面也会被着色。</translation>
    </message>
    <message>
        <source>gradient × input: how much each pixel&apos;s ink raises the predicted digit&apos;s score. Paper without ink scores 0.</source>
        <translation>梯度 × 输入：每个像素上的笔迹使预测数字的得分提高了多少。没有笔迹的纸面得分为 0。</translation>
    </message>
    <message>
        <source>Grad-CAM came out blank: no area of the last feature maps raises this digit&apos;s score on its own (the model reads it from features that count against the other digits). So this map is gradient × input: how much each pixel&apos;s ink raises the score; paper without ink scores 0.</source>
        <translation>Grad-CAM 结果为空白：最后一层特征图中没有哪个区域能单独提高这个数字的得分（模型是通过不利于其他数字的特征来识别它的）。因此这里显示的是梯度 × 输入：每个像素上的笔迹使得分提高了多少；没有笔迹的纸面得分为 0。</translation>
    </message>
    <message>
        <source>occlusion: each 4×4 patch in turn is covered with blank paper. Red: covering it lowers the predicted digit&apos;s score, so the model relies on it; blue: covering it raises the score, so it speaks against the digit.</source>
        <translation>遮挡法：依次用空白纸面遮住每个 4×4 的小块。红色：遮住它会降低预测数字的得分，说明模型依赖这里；蓝色：遮住它反而会提高得分，说明这里不利于判为该数字。</translation>
    </message>
    <message>
        <source>integrated gradients: each pixel&apos;s share of the score&apos;s rise from a blank canvas to this input. Red pixels raise the predicted digit&apos;s score, blue ones lower it; together they add up to the rise.</source>
        <translation>积分梯度：从空白画布变到当前输入时，得分的上升量中每个像素所占的份额。红色像素提高预测数字的得分，蓝色像素降低得分；所有像素加起来等于这一上升量。</translation>
    </message>
    <message>
        <source>Where the last feature maps see the digit (convolutional models)</source>
        <translation>最后一层特征图在哪里看到了这个数字（卷积模型）</translation>
    </message>
    <message>
        <source>The gradient of the score times each pixel&apos;s ink</source>
        <translation>得分的梯度乘以每个像素上的笔迹</translation>
    </message>
    <message>
        <source>How much the score drops when a patch is covered</source>
        <translation>遮住一个小块时得分下降多少</translation>
    </message>
    <message>
        <source>The gradient summed along the way from a blank canvas to your input</source>
        <translation>沿着从空白画布到你的输入的路径累加的梯度</translation>
    </message>
    <message>
        <source>The map is empty: no pixel of this input changes the predicted digit&apos;s score, so nothing is coloured.</source>
        <translation>显著性图为空：这个输入中没有任何像素会改变预测数字的得分，所以没有着色。</translation>
    </message>
    <message>
        <source>Scaled for each input: 1 (bright yellow) is its most important pixel, 0 (black) none.</source>
        <translation>按每个输入单独缩放：1（亮黄色）是最重要的像素，0（黑色）表示毫无影响。</translation>
    </message>
    <message>
        <source>effect on the score (logit)</source>
        <translation>对得分的影响（logit）</translation>
    </message>
    <message>
        <source>Red raises the predicted digit&apos;s score, blue lowers it, white does neither; the scale is in logits (the score before softmax), up to the largest effect on this input.</source>
        <translation>红色提高预测数字的得分，蓝色降低得分，白色既不提高也不降低；色标的单位是 logit（Softmax 之前的未归一化得分），范围以这个输入上的最大影响为限。</translation>
    </message>
    <message>
        <source>Draw a digit to see which strokes the prediction rests on.</source>
        <translation>写一个数字，看看预测依据的是哪些笔画。</translation>
    </message>
    <message>
        <source>Which pixels the prediction rests on: the brighter, the more they raise the predicted digit&apos;s score.</source>
        <translation>预测依据的是哪些像素：越亮，对预测数字得分的提升越大。</translation>
    </message>
    <message>
        <source>Saliency overlay</source>
        <translation>叠加显著性图</translation>
    </message>
    <message>
        <source>Lay the saliency map over the model input</source>
        <translation>将显著性图叠加在模型输入上</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <source>How the map is computed</source>
        <translation>显著性图的计算方法</translation>
    </message>
    <message>
        <source>Could not compute &lt;b&gt;{method}&lt;/b&gt;: {error}</source>
        <translation>无法计算&lt;b&gt;{method}&lt;/b&gt;：{error}</translation>
    </message>
    <message>
        <source>Computing &lt;b&gt;{method}&lt;/b&gt; on &lt;b&gt;{source}&lt;/b&gt;…</source>
        <translation>正在对&lt;b&gt;{source}&lt;/b&gt;计算&lt;b&gt;{method}&lt;/b&gt;…</translation>
    </message>
    <message>
        <source>Saliency of &lt;b&gt;{source}&lt;/b&gt;.</source>
        <translation>&lt;b&gt;{source}&lt;/b&gt;的显著性图。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{method}&lt;/b&gt; on &lt;b&gt;{source}&lt;/b&gt;, for the predicted digit &lt;b&gt;{digit}&lt;/b&gt;.</source>
        <translation>对&lt;b&gt;{source}&lt;/b&gt;使用&lt;b&gt;{method}&lt;/b&gt;，针对预测数字 &lt;b&gt;{digit}&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{method}&lt;/b&gt; on &lt;b&gt;{source}&lt;/b&gt;, for its predicted digit &lt;b&gt;{digit}&lt;/b&gt;.</source>
        <translation>对&lt;b&gt;{source}&lt;/b&gt;使用&lt;b&gt;{method}&lt;/b&gt;，针对它的预测数字 &lt;b&gt;{digit}&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>The map adds up to {total:+.2f}; the score went from {base:.2f} on a blank canvas to {score:.2f} ({rise:+.2f}), a gap of {gap:+.3f} left by integrating in {steps} steps.</source>
        <translation>图中各值之和为 {total:+.2f}；得分从空白画布上的 {base:.2f} 变为 {score:.2f}（{rise:+.2f}），分 {steps} 步数值积分留下的差距为 {gap:+.3f}。</translation>
    </message>
    <message>
        <source>row {row}, column {col}: {value:+.3f} to the predicted digit&apos;s score (logit)</source>
        <translation>第 {row} 行，第 {col} 列：使预测数字的得分（logit）变化 {value:+.3f}</translation>
    </message>
    <message>
        <source>row {row}, column {col}: relative importance {value:.2f} (0 = none, 1 = most)</source>
        <translation>第 {row} 行，第 {col} 列：相对重要性 {value:.2f}（0 = 无，1 = 最高）</translation>
    </message>
</context>
<context>
    <name>SetupForm</name>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Handwriting</source>
        <translation>手写数据</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Conditional GAN</source>
        <translation>条件生成对抗网络</translation>
    </message>
    <message>
        <source>Folder holding MNIST/raw/ with the four MNIST files</source>
        <translation>包含 MNIST/raw/（内有四个 MNIST 文件）的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <source>Download MNIST if missing</source>
        <translation>缺失时下载 MNIST</translation>
    </message>
    <message>
        <source>Passes over the 55,000 training images</source>
        <translation>遍历 55,000 张训练图像的次数</translation>
    </message>
    <message>
        <source>Rounds of the game: in each, the discriminator and then the generator learn from one batch</source>
        <translation>博弈的回合数：每一回合，判别器和生成器先后各从一批数据中学习一次</translation>
    </message>
    <message>
        <source>Images per optimiser step</source>
        <translation>每个优化步使用的图像数</translation>
    </message>
    <message>
        <source>Peak learning rate; the arrows halve or double it</source>
        <translation>峰值学习率；箭头按钮将它减半或加倍</translation>
    </message>
    <message>
        <source>Shifts, rotations, scaling</source>
        <translation>平移、旋转、缩放</translation>
    </message>
    <message>
        <source>Small random shifts, rotations, scaling and stroke-width changes of each training image; the CNN&apos;s one-epoch recipe is off by default, as they slow a short run</source>
        <translation>对每张训练图像做小幅随机平移、旋转、缩放和笔画粗细变化；CNN 的单轮配方默认关闭它，因为它会拖慢短时间的训练</translation>
    </message>
    <message>
        <source>Adds renderings of real pen strokes by 20 writers to MNIST (30,000; 15,000 for the CNN&apos;s one-epoch recipe), so the model reads drawn digits better (Pen-Based Recognition of Handwritten Digits, Alpaydin &amp; Alimoglu, UCI, CC BY 4.0)</source>
        <translation>在 MNIST 中加入 20 位书写者真实笔迹的渲染图像（30,000 张；CNN 的单轮配方为 15,000 张），让模型更好地识别手写数字（Pen-Based Recognition of Handwritten Digits，Alpaydin 与 Alimoglu，UCI，CC BY 4.0）</translation>
    </message>
    <message>
        <source>Real pen digits too</source>
        <translation>同时使用真实手写数字</translation>
    </message>
    <message>
        <source>Same seed, same settings: the same model</source>
        <translation>相同的随机种子和设置，得到相同的模型</translation>
    </message>
    <message>
        <source>Where to train; only devices present are listed</source>
        <translation>在哪个设备上训练；只列出本机现有的设备</translation>
    </message>
    <message>
        <source>Auto ({device})</source>
        <translation>自动（{device}）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>bfloat16 mixed precision</source>
        <translation>bfloat16 混合精度</translation>
    </message>
    <message>
        <source>Auto: bfloat16 mixed precision on CUDA GPUs and on CPUs that compute bf16 in hardware (this CPU: {here}), where it trains about 2x faster; float32 elsewhere</source>
        <translation>自动：在 CUDA GPU 和能用硬件计算 bf16 的 CPU 上（本机 CPU：{here}）使用 bfloat16 混合精度，训练速度约快 2 倍；其他情况使用 float32</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>支持</translation>
    </message>
    <message>
        <source>no</source>
        <translation>不支持</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>test accuracy {accuracy}</source>
        <translation>测试准确率 {accuracy}</translation>
    </message>
    <message>
        <source>test accuracy unknown</source>
        <translation>测试准确率未知</translation>
    </message>
    <message>
        <source>Model: {arch} — {name} · {accuracy}</source>
        <translation>模型：{arch} — {name} · {accuracy}</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded: {error}</source>
        <translation>无法加载 PyTorch：{error}</translation>
    </message>
    <message>
        <source>PyTorch unavailable</source>
        <translation>PyTorch 不可用</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Predicting on CPU</source>
        <translation>在 CPU 上预测</translation>
    </message>
    <message>
        <source>Live predictions run on the CPU (one small image at a time).
Devices available for training: {devices}</source>
        <translation>实时预测在 CPU 上运行（每次一张小图）。
可用于训练的设备：{devices}</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>the predicted digit</source>
        <translation>预测的数字</translation>
    </message>
    <message>
        <source>The true label the step trains towards</source>
        <translation>这一步训练要趋近的真实标签</translation>
    </message>
    <message>
        <source>The learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>True label:</source>
        <translation>真实标签：</translation>
    </message>
    <message>
        <source>Learning rate η:</source>
        <translation>学习率 η：</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Choose a model and press Train.</source>
        <translation>选择一个模型，然后点击“训练”。</translation>
    </message>
    <message>
        <source>MNIST data folder</source>
        <translation>MNIST 数据文件夹</translation>
    </message>
    <message>
        <source>Loading data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>Loading MNIST from {folder}…</source>
        <translation>正在从 {folder} 加载 MNIST…</translation>
    </message>
    <message>
        <source>Training resumed.</source>
        <translation>训练已继续。</translation>
    </message>
    <message>
        <source>Paused. Resume to continue, or Stop to keep the model as it is now.</source>
        <translation>已暂停。点击“继续”接着训练，或点击“停止”保留模型现在的样子。</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>当前批次结束后停止…</translation>
    </message>
    <message>
        <source>The model of the unfinished run ({steps} steps) was discarded.</source>
        <translation>未完成训练（{steps} 步）的模型已丢弃。</translation>
    </message>
    <message>
        <source>Training setup</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Not training</source>
        <translation>未在训练</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · step {step}/{total} · {speed:,.0f} samples/s · ETA {eta}</source>
        <translation>第 {epoch}/{epochs} 轮 · 第 {step}/{total} 步 · {speed:,.0f} 样本/秒 · 预计剩余 {eta}</translation>
    </message>
    <message>
        <source>Finished: {steps} steps in {duration}</source>
        <translation>已完成：{steps} 步，用时 {duration}</translation>
    </message>
    <message>
        <source>Stopped at step {steps}</source>
        <translation>已在第 {steps} 步停止</translation>
    </message>
    <message>
        <source>Diverged at step {steps}</source>
        <translation>在第 {steps} 步发散</translation>
    </message>
    <message>
        <source>Training… loss {loss:.4g}.</source>
        <translation>正在训练…损失 {loss:.4g}。</translation>
    </message>
    <message>
        <source>Training… loss {loss:.4g}. {epoch_summary}</source>
        <translation>正在训练…损失 {loss:.4g}。{epoch_summary}</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} took {seconds:.1f} s: validation accuracy {accuracy:.1%}.</source>
        <translation>第 {epoch}/{epochs} 轮用时 {seconds:.1f} 秒：验证准确率 {accuracy:.1%}。</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} took {seconds:.1f} s: no validation set.</source>
        <translation>第 {epoch}/{epochs} 轮用时 {seconds:.1f} 秒：没有验证集。</translation>
    </message>
    <message>
        <source>{message} In this panel: tick “Download MNIST if missing”, or choose another data folder.</source>
        <translation>{message}在本面板中：勾选“缺失时下载 MNIST”，或选择其他数据文件夹。</translation>
    </message>
    <message>
        <source>Keep this model? It was not measured after {steps} steps.</source>
        <translation>保留这个模型吗？它已训练 {steps} 步，但没有测量测试准确率。</translation>
    </message>
    <message>
        <source>Keep this model? It reached {accuracy:.0%} test accuracy after {steps} steps.</source>
        <translation>保留这个模型吗？它训练 {steps} 步后，测试准确率达到 {accuracy:.0%}。</translation>
    </message>
    <message>
        <source>Step {step}/{total} · {speed:,.0f} samples/s · ETA {eta}</source>
        <translation>第 {step}/{total} 步 · {speed:,.0f} 样本/秒 · 预计剩余 {eta}</translation>
    </message>
    <message>
        <source>Training the GAN… generator loss {g_loss:.3g}, discriminator loss {d_loss:.3g}; the discriminator is right about {real:.0%} of real and {fake:.0%} of generated digits.</source>
        <translation>正在训练生成对抗网络… 生成器损失 {g_loss:.3g}，判别器损失 {d_loss:.3g}；判别器对约 {real:.0%} 的真实数字和 {fake:.0%} 的生成数字判断正确。</translation>
    </message>
    <message>
        <source>Training the GAN ran out of memory with batch size {batch}: lower it, or train on the CPU.</source>
        <translation>训练生成对抗网络时内存不足（批大小 {batch}）：请减小批大小，或改用 CPU 训练。</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>No test yet — press Find learning rate</source>
        <translation>尚未测试——请按“寻找学习率”</translation>
    </message>
    <message>
        <source>Loading data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>Each epoch&apos;s numbers appear here when it ends</source>
        <translation>每轮结束后，它的数据会显示在这里</translation>
    </message>
    <message>
        <source>No step was reported in this run</source>
        <translation>本次训练没有报告任何一步</translation>
    </message>
    <message>
        <source>No epoch ended in this run</source>
        <translation>本次训练没有完成任何一轮</translation>
    </message>
    <message>
        <source>No run yet — press Train</source>
        <translation>还没有训练——点击“训练”开始</translation>
    </message>
    <message>
        <source>Training loss is measured with augmentation and dropout on, so it can sit above validation loss.</source>
        <translation>训练损失是在开启数据增强和丢弃法（Dropout）时测得的，因此可能高于验证损失。</translation>
    </message>
    <message>
        <source>loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <source>No samples yet: they appear as the generator trains</source>
        <translation>还没有样本：生成器训练时会在这里出现</translation>
    </message>
</context>
<context>
    <name>_PixelPage</name>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>特征图：</translation>
    </message>
    <message>
        <source>Row:</source>
        <translation>行：</translation>
    </message>
    <message>
        <source>Col:</source>
        <translation>列：</translation>
    </message>
</context>
</TS>
